package io.jenkins.plugins.dockerdelivery.maestro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.ssh.HostKeyPolicy;
import io.jenkins.plugins.dockerdelivery.ssh.SshAuth;
import io.jenkins.plugins.dockerdelivery.ssh.SshTarget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaestroCommandLineTest {
    private static MaestroDeployRequest.Spec request() {
        return MaestroDeployRequest.builder(
                        new SshTarget("maestro.example.com", 22, "deploy"),
                        SshAuth.password(Secret.of("pw")),
                        HostKeyPolicy.knownHosts(""))
                .withDirectory("/srv/maestro/app.example.org");
    }

    @Test
    void eachInvocationIsItsOwnCommandEnteringTheDirectoryFirst() {
        MaestroDeployRequest r = request().build();
        assertThat(MaestroCommandLine.command(r, MaestroCommandLine.status(List.of())))
                .isEqualTo("cd -- /srv/maestro/app.example.org || exit 96; export COLUMNS=200; exec maestro status");
        assertThat(MaestroCommandLine.command(r, MaestroCommandLine.pull(r))).endsWith("; exec maestro pull");
        assertThat(MaestroCommandLine.command(r, MaestroCommandLine.restart(r, List.of("web-1", "web-2"))))
                .endsWith("; exec maestro restart -c 1 --only-if-changed -- web-1 web-2");
        assertThat(MaestroCommandLine.command(r, MaestroCommandLine.start(r, List.of("db-1", "web-1"))))
                .endsWith("; exec maestro start -- db-1 web-1");
        assertThat(MaestroCommandLine.command(r, MaestroCommandLine.stop(List.of("web-1"))))
                .endsWith("; exec maestro stop -- web-1");
    }

    @Test
    void everythingIsQuotedAndNamesComeAfterDoubleDash() {
        MaestroDeployRequest r = request()
                .withDirectory("/srv/my apps/it's")
                .withFile("prod.yaml")
                .withService("web")
                .withService("worker")
                .withConcurrency(2)
                .withStepDelay(Duration.ofSeconds(5))
                .withStopStartDelay(Duration.ofSeconds(2))
                .withRefreshImages(true)
                .withMaestro("/opt/maestro ng/bin/maestro")
                .withEnvironment("IMAGE_TAG", "1.2.3@sha256:abc")
                .withEnvironment("NOTE", "a b; $(rm -rf /)")
                .build();
        assertThat(MaestroCommandLine.command(r, MaestroCommandLine.pull(r)))
                .isEqualTo(
                        "cd -- '/srv/my apps/it'\\''s' || exit 96; export COLUMNS=200 IMAGE_TAG=1.2.3@sha256:abc"
                                + " NOTE='a b; $(rm -rf /)'; exec '/opt/maestro ng/bin/maestro' -f prod.yaml pull -- web worker");
        assertThat(MaestroCommandLine.restart(r, List.of("web-1")).arguments())
                .isEqualTo("restart -c 2 --step-delay 5 --stop-start-delay 2 --only-if-changed -r -- web-1");
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> request().withEnvironment("BAD-NAME", "x").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'BAD-NAME' is not a valid environment variable name");
        assertThatThrownBy(() -> request().withService("web; reboot").build())
                .hasMessageContaining("not a Maestro service or instance name");
        assertThatThrownBy(() -> request().withDirectory(" ").build()).hasMessageContaining("directory");
        assertThatThrownBy(() -> request().withConcurrency(0).build()).hasMessageContaining("between 1 and 1000");
    }

    /** Issue 10 item 5: {@code --instance=-a} must not widen a one-instance restart to all. */
    @ParameterizedTest
    @ValueSource(strings = {"-a", "-r", "--all", "-", "-s"})
    void namesThatWouldBeOptionsAreRefused(String name) {
        assertThatThrownBy(() -> request().withInstance(name).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("names cannot start with '-'");
        assertThatThrownBy(() -> request().withService(name).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("names cannot start with '-'");
    }

    /** Issue 10 item 12: every number checked before anything connects. */
    @Test
    void numbersOutOfRangeAreRefused() {
        assertThatThrownBy(() -> request()
                        .withTimeout(Duration.ofSeconds(999_999_999_999_999L))
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The deploy timeout must be between 1 second and 7 days (604800 s), not"
                        + " 999999999999999 s");
        assertThatThrownBy(() -> request().withTimeout(Duration.ZERO).build()).hasMessageContaining("not 0 s");
        assertThatThrownBy(() -> request().withTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("not -1 s");
        assertThatThrownBy(() -> request().withStepDelay(Duration.ofSeconds(-5)).build())
                .hasMessage("The step delay must be between 0 and 86400 seconds, not -5 s");
        assertThatThrownBy(() ->
                        request().withStopStartDelay(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("stop-start delay");
        assertThatThrownBy(() -> request().withSettle(Duration.ofDays(2)).build())
                .hasMessageContaining("settle time");
        assertThat(request().withTimeout(Duration.ofDays(7)).build().timeout()).isEqualTo(Duration.ofDays(7));
    }

    /** Issue 10: the environment is for maestro.yaml's templates, not for what runs or how the shell reads. */
    @ParameterizedTest
    @ValueSource(strings = {"PATH", "path", "IFS", "LD_PRELOAD", "LD_LIBRARY_PATH", "PYTHONPATH", "BASH_ENV", "ENV"})
    void variablesThatChangeWhatRunsAreRefused(String name) {
        assertThatThrownBy(() -> request().withEnvironment(name, "/tmp/evil").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("The environment variable " + name + " cannot be set for the remote command");
        assertThat(request().withEnvironment("IMAGE_TAG", "1").build().environment())
                .containsEntry("IMAGE_TAG", "1");
    }
}
