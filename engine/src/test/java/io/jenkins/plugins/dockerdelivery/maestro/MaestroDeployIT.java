package io.jenkins.plugins.dockerdelivery.maestro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.ssh.HostKeyPolicy;
import io.jenkins.plugins.dockerdelivery.ssh.SshAuth;
import io.jenkins.plugins.dockerdelivery.ssh.SshTarget;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deploys over the real sshd, with {@link FakeMaestro} standing in for Maestro-NG on the remote PATH. */
class MaestroDeployIT {
    private TestEnvironment env;
    private FakeMaestro fake;
    private Path appDir;

    @BeforeEach
    void installTheFake() throws IOException {
        env = TestEnvironment.require();
        fake = FakeMaestro.install();
        appDir = fake.appDir();
    }

    private void replay(String action, String transcript) throws IOException, URISyntaxException {
        fake.replay(action, transcript);
    }

    private MaestroDeployRequest.Spec request() throws IOException {
        return MaestroDeployRequest.builder(
                        new SshTarget(env.sshHost(), env.sshPort(), env.sshUser()),
                        SshAuth.privateKey(Secret.of(Files.readString(env.sshKey("id_ed25519"))), null),
                        HostKeyPolicy.knownHosts(Files.readString(env.knownHosts())))
                .withDirectory(appDir.toString())
                .withMaestro(fake.executable())
                .withEnvironment("IMAGE_TAG", "1.2.3")
                .withTimeout(Duration.ofMinutes(1));
    }

    private List<String> calls() throws IOException {
        return fake.calls();
    }

    @Test
    void aRollingRestartRunsEachCommandOnItsOwnChannelAndSaysWhatChanged() throws Exception {
        replay("status", "03-status-running");
        replay("restart", "07-restart-rolling");
        RecordingListener log = new RecordingListener();
        DeployResult result = new MaestroDeployer()
                .deploy(
                        request()
                                .withActions(List.of(MaestroDeployRequest.Action.RESTART))
                                .withStepDelay(Duration.ofSeconds(1))
                                .withOnlyIfChanged(false)
                                .build(),
                        log);

        assertThat(result.success()).as(result.message()).isTrue();
        assertThat(calls())
                .containsExactly(
                        appDir + "|status|COLUMNS=200|IMAGE_TAG=1.2.3",
                        appDir
                                + "|restart -c 1 --step-delay 1 -- fx-db-1 fx-web-1 fx-web-2|COLUMNS=200|IMAGE_TAG=1.2.3");
        assertThat(result.commands()).hasSize(2);
        assertThat(result.instances())
                .extracting(DeployResult.InstanceResult::name)
                .containsExactly("fx-db-1", "fx-web-1", "fx-web-2");
        assertThat(result.instances()).allSatisfy(i -> {
            assertThat(i.status()).isEqualTo("started");
            assertThat(i.change()).matches("restarted: image 1 → 1, container [0-9a-f]{7} → [0-9a-f]{7}");
        });
        assertThat(result.message())
                .isEqualTo(
                        "Deployed on " + env.sshUser() + "@" + env.sshHost() + ":" + env.sshPort() + ": 3 restarted");
        // per instance progress, one line per change of state
        assertThat(log.lines()).contains("[progress] fx-web-1: stopping service...", "[progress] fx-db-1: started");
        assertThat(log.lines().stream()
                        .filter(l -> l.equals("[progress] fx-db-1: started"))
                        .count())
                .isEqualTo(1);
        assertThat(log.lines().get(0)).startsWith("Deploying on ");
    }

    @Test
    void aDeployWhereAllIsUpToDateSaysNothingChanged() throws Exception {
        replay("status", "03-status-running");
        replay("restart", "08-restart-only-if-changed-uptodate");
        DeployResult result = new MaestroDeployer()
                .deploy(
                        request()
                                .withActions(List.of(MaestroDeployRequest.Action.RESTART))
                                .build(),
                        new RecordingListener());
        assertThat(calls().get(1)).contains("|restart -c 1 --only-if-changed -- fx-db-1 fx-web-1 fx-web-2|");
        assertThat(result.success()).isTrue();
        assertThat(result.message()).startsWith("Nothing changed on ").endsWith(": all 3 instances are up to date");
        assertThat(result.instances())
                .extracting(DeployResult.InstanceResult::change)
                .allMatch(c -> c.startsWith("up to date (1:"));
    }

    @Test
    void aFailedPullStopsTheDeployBeforeAnyRestart() throws Exception {
        replay("status", "03-status-running");
        replay("pull", "25-pull-unreachable-registry");
        replay("restart", "06-restart-all");
        DeployResult result = new MaestroDeployer().deploy(request().build(), new RecordingListener());
        assertThat(result.success()).isFalse();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).contains("maestro pull failed").contains("docker.errors.APIError");
        assertThat(calls()).hasSize(2).noneMatch(c -> c.contains("|restart"));
        assertThat(result.instances()).allSatisfy(i -> assertThat(i.change()).startsWith("not attempted"));
    }

    @Test
    void maestroMissingFromThePathIsSaidSo() throws Exception {
        DeployResult result =
                new MaestroDeployer().deploy(request().withMaestro("maestro").build(), new RecordingListener());
        assertThat(result.success()).isFalse();
        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.message())
                .contains("maestro status failed: maestro not found on the PATH of " + env.sshUser() + "@"
                        + env.sshHost() + " (exit code 127)");
    }

    @Test
    void aMissingDirectoryIsTheShellsErrorNotMaestros() throws Exception {
        DeployResult result = new MaestroDeployer()
                .deploy(request().withDirectory(appDir + "/nowhere").build(), new RecordingListener());
        assertThat(result.success()).isFalse();
        assertThat(result.message())
                .contains("maestro status did not run: the directory " + appDir + "/nowhere cannot be entered on");
        assertThat(calls()).isEmpty();
    }

    @Test
    void validateFirstReadsTheFileOverSshAndStopsABrokenDeployBeforeMaestroRuns() throws Exception {
        replay("status", "03-status-running");
        replay("restart", "08-restart-only-if-changed-uptodate");
        Files.writeString(
                appDir.resolve("maestro.yaml"),
                "name: shop\nships: {s1: {ip: 10.0.0.1}}\nservices:\n  web:\n"
                        + "    image: reg/shop:{{ env.IMAGE_TAG }}\n    instances: {web-1: {ship: nowhere}}\n");
        MaestroDeployRequest broken = request()
                .withActions(List.of(MaestroDeployRequest.Action.RESTART))
                .withValidateFirst(true)
                .build();
        RecordingListener refused = new RecordingListener();
        assertThatThrownBy(() -> new MaestroDeployer().deploy(broken, refused))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "maestro.yaml:6: services.web.instances.web-1.ship: 'nowhere' is not one of the ships (s1)");
        assertThat(calls()).isEmpty();
        assertThat(refused.text()).doesNotContain("Deploying on");

        Files.writeString(
                appDir.resolve("maestro.yaml"),
                "name: shop\nships: {s1: {ip: 10.0.0.1}}\nservices:\n  web:\n"
                        + "    image: reg/shop:{{ env.IMAGE_TAG }}\n    instances: {web-1: {ship: s1}}\n");
        RecordingListener log = new RecordingListener();
        DeployResult ok = new MaestroDeployer()
                .deploy(
                        request()
                                .withActions(List.of(MaestroDeployRequest.Action.RESTART))
                                .withValidateFirst(true)
                                .build(),
                        log);
        assertThat(ok.success()).isTrue();
        assertThat(log.lines()).contains(appDir + "/maestro.yaml: valid");
        assertThat(log.text()).contains("WARNING: Service web has no running check");
    }
}
