package io.jenkins.plugins.dockerdelivery.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.graph.DirectoryScanner;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlanner;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import io.jenkins.plugins.dockerdelivery.testenv.TestDaemon;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree rebuilt by the orchestrator on the real daemon and registry: a diamond (base, then left and
 * right, then join FROM left with a COPY --from right) and a sibling (solo).
 */
class DirectoryRebuildIT {
    private static TestEnvironment env;
    private static TestDaemon daemon;
    private static DockerClient client;

    @TempDir
    Path tree;

    private String prefix; // registry/dd-test/rebuild-XXXX
    private final Map<String, String> built = new LinkedHashMap<>();

    @BeforeAll
    static void connect() {
        env = TestEnvironment.require();
        daemon = TestDaemon.connect(env);
        client = daemon.client();
    }

    @AfterAll
    static void close() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @BeforeEach
    void writeTheTree() throws IOException {
        prefix = env.noAuthRegistry() + "/dd-test/rebuild-"
                + UUID.randomUUID().toString().substring(0, 8);
        producer("base", "FROM " + env.baseImage() + "\nRUN echo base-" + UUID.randomUUID() + " > /base\n");
        producer("left", "ARG P\nFROM ${P}/base:1\nRUN cp /base /left\n");
        producer("right", "ARG P\nFROM ${P}/base:1\nRUN echo right > /right\n");
        producer("join", "ARG P\nFROM ${P}/left:1\nCOPY --from=" + prefix + "/right:1 /right /right\n");
        producer("solo", "ARG P\nFROM ${P}/base:1\nRUN echo solo > /solo\n");
    }

    @AfterEach
    void removeImages() {
        daemon.removeImages(Stream.of("base", "left", "right", "join", "solo")
                .map(name -> prefix + "/" + name + ":1")
                .toList());
    }

    private void producer(String name, String dockerfile) throws IOException {
        Path dir = Files.createDirectories(tree.resolve(name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        Files.writeString(dir.resolve("docker-delivery.yaml"), "image: ${P}/" + name + ":1\n");
    }

    private RebuildSummary rebuild(RebuildPlan plan, RecordingListener log, RebuildOrchestrator[] handle)
            throws Exception {
        Map<String, String> args = Map.of("P", prefix);
        DirectoryRebuild build = new DirectoryRebuild(
                DirectoryScanner.sources(tree),
                args,
                spec -> spec.withPush(true),
                MatchLevel.TAG,
                new DockerBuildPush(DockerEndpoint.of(env.dockerHost())),
                log);
        RebuildOrchestrator orchestrator =
                new RebuildOrchestrator(build, 2, RebuildListener.writingTo(log), Clock.systemUTC());
        if (handle != null) {
            handle[0] = orchestrator;
        }
        RebuildSummary summary = orchestrator.run(orchestrator.start(plan, MatchLevel.TAG, List.of()));
        summary.rows().forEach(r -> built.put(r.producer(), r.outcome().name()));
        return summary;
    }

    private RebuildPlan planAll() {
        return RebuildPlanner.planAll(DirectoryScanner.scan(tree, Map.of("P", prefix)), MatchLevel.TAG);
    }

    @Test
    void aDiamondIsBuiltAndPushedInWavesEachOnTheDigestsOfItsParents() throws Exception {
        RecordingListener log = new RecordingListener();
        RebuildSummary summary = rebuild(planAll(), log, null);

        assertThat(summary.allBuilt()).as(log.text()).isTrue();
        assertThat(summary.rows())
                .extracting(RebuildSummary.Row::producer)
                .containsExactly("base", "left", "right", "solo", "join");
        Map<String, String> digests = new LinkedHashMap<>();
        summary.rows().forEach(r -> digests.put(r.producer(), r.pushed().get(prefix + "/" + r.producer() + ":1")));
        assertThat(digests.values()).allSatisfy(d -> assertThat(d).startsWith("sha256:"));

        assertThat(log.lines())
                .contains("[left] FROM " + prefix + "/base:1 pinned to " + digests.get("base")
                        + ", pushed by base in this run (line 2)")
                .contains("[join] FROM " + prefix + "/left:1 pinned to " + digests.get("left")
                        + ", pushed by left in this run (line 2)")
                .contains("[join] COPY --from " + prefix + "/right:1 pinned to " + digests.get("right")
                        + ", pushed by right in this run (line 3)");
        String join = prefix + "/join:1";
        assertThat(client.inspectImageCmd(join).exec().getConfig().getLabels())
                .containsEntry("org.opencontainers.image.base.name", prefix + "/left:1")
                .containsEntry("org.opencontainers.image.base.digest", digests.get("left"));
        assertThat(file(join, "/right")).isEqualTo("right\n");
        assertThat(file(join, "/left")).isEqualTo(file(prefix + "/base:1", "/base"));
    }

    @Test
    void aFailingChildSkipsOnlyItsDescendants() throws Exception {
        producer("left", "ARG P\nFROM ${P}/base:1\nRUN echo broken && exit 3\n");
        RecordingListener log = new RecordingListener();
        RebuildSummary summary = rebuild(
                RebuildPlanner.plan(
                        DirectoryScanner.scan(tree, Map.of("P", prefix)),
                        List.of(ImageReference.parse(env.baseImage())),
                        MatchLevel.TAG),
                log,
                null);

        assertThat(built)
                .containsEntry("base", "BUILT")
                .containsEntry("left", "FAILED")
                .containsEntry("right", "BUILT")
                .containsEntry("solo", "BUILT")
                .containsEntry("join", "SKIPPED");
        assertThat(summary.rows())
                .filteredOn(r -> r.producer().equals("join"))
                .singleElement()
                .extracting(RebuildSummary.Row::reason)
                .isEqualTo("skipped: left, which it is built from, failed");
        assertThat(summary.table()).contains("exit code: 3");
    }

    @Test
    void cancelMidWaveStopsTheRunningBuildAndStartsNothingNew() throws Exception {
        String marker = "sleep " + (700 + (int) (Math.random() * 200));
        producer("left", "ARG P\nFROM ${P}/base:1\nRUN " + marker + "\n");
        RecordingListener log = new RecordingListener();
        RebuildOrchestrator[] orchestrator = new RebuildOrchestrator[1];
        Thread canceller = new Thread(() -> {
            try {
                for (int i = 0; i < 2400 && running(marker).isEmpty(); i++) {
                    Thread.sleep(50);
                }
                orchestrator[0].cancel("stopped by the test");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        RebuildSummary summary = rebuild(planAll(), log, orchestrator);
        canceller.join();

        assertThat(built)
                .as(log.text())
                .containsEntry("base", "BUILT")
                .containsEntry("left", "CANCELLED")
                .containsEntry("join", "CANCELLED");
        assertThat(summary.cancelled()).isEqualTo("stopped by the test");
        assertThat(log.lines()).noneMatch(l -> l.startsWith("  started join"));
        for (int i = 0; i < 600 && running(marker).isPresent(); i++) {
            Thread.sleep(50);
        }
        assertThat(running(marker)).as("the daemon stopped the RUN step").isEmpty();
    }

    private static String file(String image, String path) throws IOException {
        String container =
                client.createContainerCmd(image).withCmd("true").exec().getId();
        try (InputStream tar =
                        client.copyArchiveFromContainerCmd(container, path).exec();
                TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            in.getNextEntry();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            client.removeContainerCmd(container).withForce(true).exec();
        }
    }

    /** A process with this command line: RUN steps live in containers' own namespaces, /proc sees them. */
    private static java.util.Optional<Path> running(String commandLine) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .replace('\0', ' ')
                                    .trim()
                                    .endsWith(commandLine);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
