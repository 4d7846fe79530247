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

class MaestroCommandLineTest {
    private static MaestroDeployRequest.Spec request() {
        return MaestroDeployRequest.builder(
                        new SshTarget("maestro.example.com", 22, "deploy"),
                        SshAuth.password(Secret.of("pw")),
                        HostKeyPolicy.knownHosts(""))
                .withDirectory("/srv/maestro/app.example.org");
    }

    @Test
    void defaultIsPullThenRollingRestartOfAllOnlyIfChanged() {
        assertThat(MaestroCommandLine.of(request().build()))
                .isEqualTo("cd /srv/maestro/app.example.org && export COLUMNS=200"
                        + " && maestro pull && maestro restart -a -c 1 --only-if-changed");
    }

    @Test
    void servicesNeedDashSAndEverythingIsQuoted() {
        String command = MaestroCommandLine.of(request()
                .withDirectory("/srv/my apps/it's")
                .withFile("prod.yaml")
                .withService("web")
                .withService("worker")
                .withConcurrency(2)
                .withStepDelay(Duration.ofSeconds(5))
                .withStopStartDelay(Duration.ofSeconds(2))
                .withRefreshImages(true)
                .withEnvironment("IMAGE_TAG", "1.2.3@sha256:abc")
                .withEnvironment("NOTE", "a b; $(rm -rf /)")
                .build());
        assertThat(command)
                .isEqualTo(
                        "cd '/srv/my apps/it'\\''s' && export COLUMNS=200 IMAGE_TAG=1.2.3@sha256:abc"
                                + " NOTE='a b; $(rm -rf /)' && maestro -f prod.yaml pull web worker"
                                + " && maestro -f prod.yaml restart -s web worker -c 2 --step-delay 5 --stop-start-delay 2 --only-if-changed -r");
    }

    @Test
    void instancesAreNamedWithoutDashS() {
        String command = MaestroCommandLine.of(request()
                .withInstance("web-1")
                .withActions(List.of(MaestroDeployRequest.Action.RESTART))
                .withOnlyIfChanged(false)
                .build());
        assertThat(command).endsWith("&& maestro restart web-1 -c 1");
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> request().withEnvironment("BAD-NAME", "x").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'BAD-NAME' is not a valid environment variable name");
        assertThatThrownBy(() -> request().withService("web; reboot").build())
                .hasMessageContaining("not a Maestro service or instance name");
        assertThatThrownBy(() -> request().withDirectory(" ").build()).hasMessageContaining("directory");
        assertThatThrownBy(() -> request().withConcurrency(0).build()).hasMessageContaining("at least 1");
    }

    @Test
    void judgeNamesTheFailedInstancesEvenWithExitCodeZero() {
        MaestroDeployRequest r = request()
                .withActions(List.of(MaestroDeployRequest.Action.RESTART))
                .build();
        MaestroOutput output = new MaestroOutput();
        output.stdout("  #  INSTANCE  SERVICE  SHIP  CONTAINER  STATUS");
        output.stdout("  1. web-1  web  ship1  1:abc1234  started");
        output.stdout("  2. web-2  web  ship1  1:def5678  failed: failed pre-stop lifecycle checks");
        DeployResult result = MaestroDeployer.judge(r, "cmd", 0, output);
        assertThat(result.success()).isFalse();
        assertThat(result.message())
                .contains("maestro restart failed: web-2: failed: failed pre-stop lifecycle checks");
        assertThat(result.instances())
                .extracting(DeployResult.InstanceResult::ok)
                .containsExactly(true, false);
        assertThat(result.table()).contains("web-2").contains("!!");
    }
}
