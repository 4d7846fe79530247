package io.jenkins.plugins.dockerdelivery.maestro;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.DockerConnector;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.DockerSession;
import io.jenkins.plugins.dockerdelivery.ssh.HostKeyPolicy;
import io.jenkins.plugins.dockerdelivery.ssh.RemoteCommandException;
import io.jenkins.plugins.dockerdelivery.ssh.SshAuth;
import io.jenkins.plugins.dockerdelivery.ssh.SshTarget;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deploys with the REAL Maestro-NG 0.8.3 ({@link RealMaestro}) over the real sshd, logged in as root
 * (the Maestro host's Docker socket is root's), deploying real containers on the test Docker Engine,
 * and checks with the Docker API what really happened. Every name is unique; every container is
 * removed afterwards. Skipped, naming what is missing, where MAESTRO_NG_SRC is not set.
 */
class RealMaestroDeployIT {
    private static final String ECHO = "dd.echo";

    private TestEnvironment env;
    private RealMaestro maestro;
    private DockerSession docker;
    private DockerClient client;
    private String prefix;
    private String repository;

    @BeforeEach
    void setUp() throws Exception {
        env = TestEnvironment.require();
        maestro = RealMaestro.require();
        docker = DockerConnector.connect(DockerEndpoint.of(env.dockerHost()));
        client = docker.client();
        prefix = "ddmr-" + UUID.randomUUID().toString().substring(0, 8);
        repository = env.noAuthRegistry() + "/" + prefix + "/app";
        push("1");
    }

    @AfterEach
    void removeWhatWasStarted() throws IOException {
        if (client == null) {
            return;
        }
        for (Container c : client.listContainersCmd().withShowAll(true).exec()) {
            for (String name : c.getNames()) {
                if (name.startsWith("/" + prefix)) {
                    client.removeContainerCmd(c.getId()).withForce(true).exec();
                }
            }
        }
        for (String tag : List.of("1", "2", "99")) {
            try {
                client.removeImageCmd(repository + ":" + tag).withForce(true).exec();
            } catch (NotFoundException e) {
                // not made by this test
            }
        }
        docker.close();
    }

    /** A new image (its own ID) as {@code repository:tag}, in the registry. */
    private void push(String tag) throws InterruptedException {
        String container = client.createContainerCmd(env.baseImage())
                .withCmd("true")
                .exec()
                .getId();
        try {
            client.commitCmd(container)
                    .withRepository(repository)
                    .withTag(tag)
                    .withMessage(UUID.randomUUID().toString())
                    .exec();
        } finally {
            client.removeContainerCmd(container).withForce(true).exec();
        }
        client.pushImageCmd(repository).withTag(tag).start().awaitCompletion();
    }

    private String yaml(String services) {
        return """
                __maestro: {schema: 2}
                name: %s
                ship_defaults: {api_version: "1.41", timeout: 10}
                ships: {local: {ip: 127.0.0.1, socket_path: /var/run/docker.sock}}
                services:
                %s""".formatted(prefix, services.replace("REPO", repository).replace("P-", prefix + "-"));
    }

    private static final String WEB_AND_DB = """
              db:
                image: "REPO:{{ env.IMAGE_TAG | default('1') }}"
                lifecycle: {running: [{type: sleep, wait: 1}]}
                instances:
                  P-db-1: {ship: local, net: none, command: "sleep 3600", stop_timeout: 1}
              web:
                image: "REPO:{{ env.IMAGE_TAG | default('1') }}"
                requires: [db]
                lifecycle: {running: [{type: sleep, wait: 1}]}
                instances:
                  P-web-1: {ship: local, net: none, command: "sleep 3600", stop_timeout: 1}
            """;

    private MaestroDeployRequest.Spec request(Path dir) throws IOException {
        return MaestroDeployRequest.builder(
                        new SshTarget(env.sshHost(), env.sshPort(), "root"),
                        SshAuth.privateKey(Secret.of(Files.readString(env.sshKey("id_ed25519"))), null),
                        HostKeyPolicy.knownHosts(Files.readString(env.knownHosts())))
                .withDirectory(dir.toString())
                .withMaestro(maestro.executable())
                .withTimeout(Duration.ofMinutes(3));
    }

    private DeployResult deploy(MaestroDeployRequest.Spec request, RecordingListener log) {
        DeployResult result = new MaestroDeployer().deploy(request.build(), log);
        if (Boolean.getBoolean(ECHO)) {
            System.out.print(result.table());
            System.out.println(result.message());
        }
        return result;
    }

    private InspectContainerResponse inspect(String instance) {
        return client.inspectContainerCmd(prefix + "-" + instance).exec();
    }

    private boolean exists(String instance) {
        try {
            inspect(instance);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Test
    void firstDeployStartsInDependencyOrderThenNothingChangesThenANewTagRollsOut() throws Exception {
        Path dir = maestro.environment("shop", yaml(WEB_AND_DB));

        DeployResult first = deploy(request(dir), new RecordingListener());
        assertThat(first.success()).as(first.message()).isTrue();
        assertThat(first.message()).endsWith(": 2 created");
        assertThat(first.commands()).anyMatch(c -> c.contains(" start -- "));
        assertThat(first.commands()).noneMatch(c -> c.contains(" restart "));
        InspectContainerResponse db = inspect("db-1");
        InspectContainerResponse web = inspect("web-1");
        assertThat(db.getState().getRunning()).isTrue();
        assertThat(web.getState().getRunning()).isTrue();
        // requires: [db] respected: db was running before web started
        assertThat(db.getState().getStartedAt()).isLessThan(web.getState().getStartedAt());

        RecordingListener log = new RecordingListener();
        DeployResult again = deploy(request(dir), log);
        assertThat(again.success()).as(again.message()).isTrue();
        assertThat(again.message()).endsWith(": all 2 instances are up to date").startsWith("Nothing changed on ");
        assertThat(inspect("web-1").getId()).isEqualTo(web.getId());
        assertThat(log.text()).doesNotContain("no running check");

        push("2");
        DeployResult rolled = deploy(request(dir).withEnvironment("IMAGE_TAG", "2"), new RecordingListener());
        assertThat(rolled.success()).as(rolled.message()).isTrue();
        assertThat(rolled.message()).endsWith(": 2 restarted");
        InspectContainerResponse newWeb = inspect("web-1");
        assertThat(newWeb.getId()).isNotEqualTo(web.getId());
        assertThat(newWeb.getConfig().getImage()).isEqualTo(repository + ":2");
        assertThat(rolled.instances())
                .filteredOn(i -> i.name().endsWith("web-1"))
                .singleElement()
                .satisfies(i -> assertThat(i.change())
                        .isEqualTo("restarted: image 1 → 2, container "
                                + web.getId().substring(0, 7) + " → "
                                + newWeb.getId().substring(0, 7)));

        push("2"); // the same tag, new content: the summary still shows the new container
        DeployResult sameTag = deploy(request(dir).withEnvironment("IMAGE_TAG", "2"), new RecordingListener());
        assertThat(sameTag.success()).as(sameTag.message()).isTrue();
        String newer = inspect("web-1").getId().substring(0, 7);
        assertThat(sameTag.instances())
                .filteredOn(i -> i.name().endsWith("web-1"))
                .singleElement()
                .satisfies(i -> assertThat(i.change())
                        .isEqualTo("restarted: image 2 → 2, container "
                                + newWeb.getId().substring(0, 7) + " → " + newer));
    }

    private static final String DEAF = """
              deaf:
                image: "REPO:1"
            {% if env.CHECK != 'off' %}
                lifecycle: {running: [{type: http, port: 1, host: 127.0.0.1, max_wait: 2}]}
            {% endif %}
                instances:
                  P-deaf-1: {ship: local, net: none, command: "sleep 3600", stop_timeout: 1}
                  P-deaf-2: {ship: local, net: none, command: "sleep 3600", stop_timeout: 1}
              front:
                image: "REPO:1"
                requires: [deaf]
                instances:
                  P-front-1: {ship: local, net: none, command: "sleep 3600", stop_timeout: 1}
            """;

    /**
     * The three-run scenario of issue 12: a running check that never passes. Maestro leaves the
     * container running and would call it "up to date" on the next run; here every retry fails until
     * the check passes.
     */
    @Test
    void aRetryAfterAFailedCheckIsNeverGreen() throws Exception {
        Path dir = maestro.environment("deaf", yaml(DEAF));
        for (int run = 1; run <= 3; run++) {
            DeployResult result = deploy(request(dir), new RecordingListener());
            assertThat(result.success())
                    .as("run " + run + ": " + result.message())
                    .isFalse();
            // independent instances start together: both fail their check (or the second is interrupted
            // when Maestro halts at the first failure), and both are stopped
            assertThat(result.message()).contains("it was stopped, so that no later deploy counts it as up to date");
            assertThat(result.instances())
                    .filteredOn(i -> i.service().equals("deaf"))
                    .extracting(DeployResult.InstanceResult::change)
                    .hasSize(2)
                    .allMatch(c ->
                            c.matches("(failed its running checks|interrupted before its checks passed); stopped"));
            assertThat(result.message()).contains("Not attempted: " + prefix + "-front-1");
            assertThat(exists("front-1")).isFalse();
            assertThat(result.instances()).noneMatch(DeployResult.InstanceResult::ok);
            for (String instance : List.of("deaf-1", "deaf-2")) {
                assertThat(inspect(instance).getState().getRunning())
                        .as("run " + run + ": " + instance + " left running unchecked")
                        .isFalse();
            }
        }
        DeployResult fixed = deploy(request(dir).withEnvironment("CHECK", "off"), new RecordingListener());
        assertThat(fixed.success()).as(fixed.message()).isTrue();
        assertThat(inspect("deaf-1").getState().getRunning()).isTrue();
        assertThat(inspect("deaf-2").getState().getRunning()).isTrue();
        assertThat(inspect("front-1").getState().getRunning()).isTrue();
    }

    @Test
    void aPullOfAMissingImageNamesTheRealReasonAndStartsNothing() throws Exception {
        Path dir = maestro.environment("ghost", yaml("""
                  ghost:
                    image: "REPO:99"
                    instances:
                      P-ghost-1: {ship: local, net: none, command: "sleep 3600"}
                """));
        DeployResult result = deploy(request(dir), new RecordingListener());
        assertThat(result.success()).isFalse();
        assertThat(result.message())
                .contains("maestro pull failed for " + prefix + "-ghost-1")
                .contains("docker.errors.NotFound")
                .contains("manifest for " + repository + ":99 not found")
                .doesNotContain("raise_for_status");
        assertThat(result.instances())
                .singleElement()
                .satisfies(i -> assertThat(i.change()).isEqualTo("pull failed"));
        assertThat(result.commands()).hasSize(2); // status, pull: nothing started
        assertThat(exists("ghost-1")).isFalse();
    }

    private static final String BLINK = """
              blink:
                image: "REPO:1"
                instances:
                  P-blink-1: {ship: local, net: none, command: "sleep 2"}
            """;

    @Test
    void withoutARunningCheckAWarningNamesTheServiceAndTheSettleCheckCatchesAnExit() throws Exception {
        Path dir = maestro.environment("blink", yaml(BLINK));
        RecordingListener log = new RecordingListener();
        DeployResult blind = deploy(request(dir), log);
        assertThat(blind.success())
                .as("Maestro's blind spot: started, then gone")
                .isTrue();
        assertThat(log.text()).contains("WARNING: Service blink has no running check");

        DeployResult settled = deploy(request(dir).withSettle(Duration.ofSeconds(4)), new RecordingListener());
        assertThat(settled.success()).isFalse();
        assertThat(settled.message())
                .contains(prefix + "-blink-1 was not running 4 s after the deploy")
                .contains("only seen by this settle check");
        assertThat(inspect("blink-1").getState().getRunning()).isFalse();
    }

    @Test
    void aTimeoutOnARootLoginStopsMaestroAndEverythingItStarted() throws Exception {
        String marker = Integer.toString(7000 + (int) (Math.random() * 2000));
        Path dir = maestro.environment("slow", yaml("""
                  slow:
                    image: "REPO:1"
                    lifecycle: {running: [{type: exec, command: "sleep %s", attempts: 1}]}
                    instances:
                      P-slow-1: {ship: local, net: none, command: "sleep 3600", stop_timeout: 1}
                """.formatted(marker)));
        MaestroDeployRequest request =
                request(dir).withTimeout(Duration.ofSeconds(15)).build();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                new MaestroDeployer().deploy(request, new RecordingListener());
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        for (int i = 0; i < 300 && ps(marker, dir).stream().noneMatch(l -> l.endsWith("sleep " + marker)); i++) {
            Thread.sleep(50);
        }
        assertThat(ps(marker, dir))
                .as("the check's process, started by Maestro")
                .isNotEmpty();
        assertThat(outcome.get())
                .isInstanceOf(RemoteCommandException.class)
                .hasMessageContaining("ran longer than its timeout of 15 s, during maestro start: it was stopped")
                .hasMessageContaining("none of it left")
                .hasMessageContaining(
                        prefix + "-slow-1 had a new container that had not passed its running checks:" + " stopped")
                .satisfies(e -> {
                    if (Boolean.getBoolean(ECHO)) {
                        System.out.println(e.getMessage());
                    }
                });
        assertThat(ps(marker, dir)).as("processes left on the host (ps)").isEmpty();
        assertThat(inspect("slow-1").getState().getRunning())
                .as("left running unchecked")
                .isFalse();
    }

    /** {@code ps} on the host: the check's sleep, or a maestro working in {@code dir}. */
    private static List<String> ps(String marker, Path dir) throws Exception {
        Process ps = new ProcessBuilder("ps", "-eo", "pid,pgid,user,args").start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor();
        return out.lines()
                .filter(l -> l.endsWith("sleep " + marker) || (l.contains("maestro") && inDir(l, dir)))
                .toList();
    }

    private static boolean inDir(String psLine, Path dir) {
        String pid = psLine.strip().split("\\s+")[0];
        try {
            return Files.readSymbolicLink(Path.of("/proc", pid, "cwd")).equals(dir);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }
}
