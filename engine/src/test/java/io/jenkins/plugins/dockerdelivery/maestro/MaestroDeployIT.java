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
                .withEnvironment("PATH", fake.path())
                .withEnvironment("IMAGE_TAG", "1.2.3")
                .withTimeout(Duration.ofMinutes(1));
    }

    private List<String> calls() throws IOException {
        return fake.calls();
    }

    @Test
    void aRollingRestartSucceedsAndRunsExactlyTheCommandAsked() throws Exception {
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
        assertThat(calls()).containsExactly(appDir + "|restart -a -c 1 --step-delay 1|COLUMNS=200|IMAGE_TAG=1.2.3");
        assertThat(result.instances())
                .extracting(DeployResult.InstanceResult::name)
                .containsExactly("fx-web-1", "fx-web-2", "fx-db-1");
        assertThat(result.instances()).allSatisfy(i -> {
            assertThat(i.status()).isEqualTo("started");
            assertThat(i.container()).matches("1:[0-9a-f]{7}");
        });
        assertThat(result.message())
                .isEqualTo("Deployed 3 instances on " + env.sshUser() + "@" + env.sshHost() + ":" + env.sshPort());
        // per instance progress, one line per change of state
        assertThat(log.lines()).contains("[progress] fx-web-1: stopping service...", "[progress] fx-db-1: started");
        assertThat(log.lines().stream()
                        .filter(l -> l.equals("[progress] fx-db-1: started"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void upToDateInstancesCountAsDeployedWithOnlyIfChanged() throws Exception {
        replay("restart", "08-restart-only-if-changed-uptodate");
        DeployResult result = new MaestroDeployer()
                .deploy(
                        request()
                                .withActions(List.of(MaestroDeployRequest.Action.RESTART))
                                .build(),
                        new RecordingListener());
        assertThat(calls()).containsExactly(appDir + "|restart -a -c 1 --only-if-changed|COLUMNS=200|IMAGE_TAG=1.2.3");
        assertThat(result.success()).isTrue();
        assertThat(result.instances())
                .extracting(DeployResult.InstanceResult::status)
                .containsOnly("up to date");
    }

    @Test
    void aFailedPullStopsTheDeployBeforeAnyRestart() throws Exception {
        replay("pull", "25-pull-unreachable-registry");
        replay("restart", "06-restart-all");
        DeployResult result = new MaestroDeployer().deploy(request().build(), new RecordingListener());
        assertThat(result.success()).isFalse();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message())
                .contains("maestro pull failed (exit code 1): fx-app-1: failed!")
                .contains("docker.errors.APIError");
        assertThat(calls()).hasSize(1).allMatch(c -> c.contains("|pull|"));
    }

    @Test
    void validateFirstReadsTheFileOverSshAndStopsABrokenDeployBeforeMaestroRuns() throws Exception {
        replay("restart", "08-restart-only-if-changed-uptodate");
        Files.writeString(
                appDir.resolve("maestro.yaml"),
                "name: shop\nships: {s1: {ip: 10.0.0.1}}\nservices:\n  web:\n"
                        + "    image: reg/shop:{{ env.IMAGE_TAG }}\n    instances: {web-1: {ship: nowhere}}\n");
        MaestroDeployRequest broken = request()
                .withActions(List.of(MaestroDeployRequest.Action.RESTART))
                .withValidateFirst(true)
                .build();
        assertThatThrownBy(() -> new MaestroDeployer().deploy(broken, new RecordingListener()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "maestro.yaml:6: services.web.instances.web-1.ship: 'nowhere' is not one of the ships (s1)");
        assertThat(calls()).isEmpty();

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
    }

    @Test
    void aStartThatFailsIsAFailedDeployNamingTheInstances() throws Exception {
        replay("restart", "17-start-fail-container-exits");
        DeployResult result = new MaestroDeployer()
                .deploy(
                        request()
                                .withActions(List.of(MaestroDeployRequest.Action.RESTART))
                                .build(),
                        new RecordingListener());
        assertThat(result.success()).isFalse();
        assertThat(result.message())
                .contains("fx-crash-1: container did not start! failed!")
                .contains("fx-front-1: aborted!")
                .contains("Halting start sequence");
    }
}
