package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushRequest;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushResult;
import io.jenkins.plugins.dockerdelivery.docker.Builder;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.testenv.TestDaemon;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The context through the BuildKit session, against the real daemon: what crosses the wire on a first
 * build, a rebuild without change, a rebuild with one file changed, and under a new shared key. The
 * assertions are on bytes sent (the session's own count) and on the image's content, never on time.
 */
class SessionContextIT {
    private static final Pattern SENT =
            Pattern.compile("Sent (\\w+): (\\d+) entr(?:y|ies) walked, (\\d+) files? sent \\([^,]+, (\\d+) bytes\\)");
    private static final int FILES = 12;
    private static final int FILE_SIZE = 256 * 1024;

    private static TestEnvironment env;
    private static TestDaemon daemon;
    private static DockerClient client;
    private final List<String> images = new ArrayList<>();

    @TempDir
    Path temp;

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

    @AfterEach
    void removeImages() {
        daemon.removeImages(images);
    }

    /** One DiffCopy's numbers, read from the line the session logs. */
    record Sent(String source, long walked, long files, long bytes) {}

    static List<Sent> sent(RecordingListener log) {
        List<Sent> sent = new ArrayList<>();
        for (String line : log.lines()) {
            Matcher m = SENT.matcher(line);
            if (m.find()) {
                sent.add(new Sent(
                        m.group(1),
                        Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4))));
            }
        }
        return sent;
    }

    static long contextBytes(RecordingListener log) {
        return sent(log).stream()
                .filter(s -> s.source().equals("context"))
                .mapToLong(Sent::bytes)
                .sum();
    }

    static long contextFiles(RecordingListener log) {
        return sent(log).stream()
                .filter(s -> s.source().equals("context"))
                .mapToLong(Sent::files)
                .sum();
    }

    private static List<String> layers(BuildPushResult result) {
        return client.inspectImageCmd(result.imageId()).exec().getRootFS().getLayers();
    }

    private Path context() throws IOException {
        Path ctx = Files.createDirectories(temp.resolve("ctx-" + UUID.randomUUID()));
        Random random = new Random(42);
        Path data = Files.createDirectories(ctx.resolve("data"));
        for (int i = 0; i < FILES; i++) {
            byte[] bytes = new byte[FILE_SIZE];
            random.nextBytes(bytes);
            Files.write(data.resolve("part-" + i + ".bin"), bytes);
        }
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY . /app\n");
        return ctx;
    }

    private BuildPushResult build(Path ctx, RecordingListener log) {
        String tag = "dd-test/session-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        images.add(tag);
        return new DockerBuildPush(DockerEndpoint.of(env.dockerHost()))
                .run(
                        BuildPushRequest.builder(ctx)
                                .withTag(tag)
                                .withBuilder(Builder.BUILDKIT)
                                .withPush(false)
                                .build(),
                        log);
    }

    @Test
    void aRebuildSendsOnlyWhatChanged() throws IOException {
        Path ctx = context();
        long total = (long) FILES * FILE_SIZE;

        RecordingListener first = new RecordingListener();
        BuildPushResult built = build(ctx, first);
        assertThat(contextBytes(first)).isGreaterThanOrEqualTo(total);
        assertThat(contextFiles(first)).isGreaterThanOrEqualTo(FILES + 1);

        RecordingListener again = new RecordingListener();
        BuildPushResult rebuilt = build(ctx, again);
        assertThat(contextBytes(again)).isZero();
        assertThat(sent(again)).anyMatch(s -> s.source().equals("context") && s.walked() >= FILES + 2);
        // the same Dockerfile has the same time: the daemon keeps it and does not ask for it again
        assertThat(sent(first)).anyMatch(s -> s.source().equals("dockerfile") && s.files() == 1);
        assertThat(sent(again)).filteredOn(s -> s.source().equals("dockerfile")).allMatch(s -> s.files() == 0);
        assertThat(again.lines()).anyMatch(l -> l.matches("#\\d+ CACHED"));
        assertThat(layers(rebuilt)).isEqualTo(layers(built)); // the IDs differ by the creation-time label only

        Path changed = ctx.resolve("data/part-3.bin");
        byte[] bytes = Files.readAllBytes(changed);
        bytes[0] ^= 1;
        Files.write(changed, bytes);
        Files.setLastModifiedTime(changed, FileTime.from(Instant.now().plusSeconds(5)));
        RecordingListener oneEdit = new RecordingListener();
        BuildPushResult edited = build(ctx, oneEdit);
        assertThat(contextBytes(oneEdit)).isEqualTo(FILE_SIZE);
        assertThat(contextFiles(oneEdit)).isEqualTo(1);
        assertThat(layers(edited)).isNotEqualTo(layers(built));
    }

    /** As with {@code docker build}: the content crosses once, and the image holds one file under two names. */
    @Test
    void aHardLinkIsSentAsALinkAndStaysOneInTheImage() throws IOException {
        Path ctx = Files.createDirectories(temp.resolve("links-" + UUID.randomUUID()));
        byte[] bytes = new byte[FILE_SIZE];
        new Random(7).nextBytes(bytes);
        Files.write(ctx.resolve("original.bin"), bytes);
        Files.createLink(ctx.resolve("second-name.bin"), ctx.resolve("original.bin"));
        String dockerfile = "FROM " + env.baseImage() + "\nCOPY . /app\n"
                + "RUN test \"$(stat -c %i /app/original.bin)\" = \"$(stat -c %i /app/second-name.bin)\"\n";
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);

        RecordingListener log = new RecordingListener();
        build(ctx, log); // the RUN fails the build unless both names are one file
        assertThat(contextFiles(log)).isEqualTo(2); // the Dockerfile and original.bin
        assertThat(contextBytes(log)).isEqualTo(FILE_SIZE + dockerfile.length());
    }

    @Test
    void aNewDirectoryMeansANewSharedKeyAndAFullSend() throws IOException {
        Path ctx = context();
        build(ctx, new RecordingListener());
        Path copy = temp.resolve("copy-" + UUID.randomUUID());
        Files.createDirectories(copy.resolve("data"));
        try (var files = Files.walk(ctx)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    Path target = copy.resolve(ctx.relativize(p).toString());
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        RecordingListener log = new RecordingListener();
        build(copy, log);
        assertThat(contextBytes(log)).isGreaterThanOrEqualTo((long) FILES * FILE_SIZE);
        assertThat(BuildSession.openSessions()).isZero();
    }

    /**
     * The daemon checks a session's health while its build runs and drops a session whose checks fail
     * (Engine 20.10's BuildKit every second, at the first failure; newer ones every 5 s, at the second),
     * and the build then fails with the session-lost error: a build through a step longer than a few
     * checks succeeds only if the session answered them.
     */
    @Test
    void theSessionStaysHealthyThroughALongStep() throws IOException {
        Path ctx = Files.createDirectories(temp.resolve("long-" + UUID.randomUUID()));
        Files.writeString(ctx.resolve("late.txt"), "read after the long step\n");
        Files.writeString(
                ctx.resolve("Dockerfile"),
                "FROM " + env.baseImage() + "\nRUN sleep 12 && echo " + UUID.randomUUID()
                        + "\nCOPY late.txt /late.txt\n" + "RUN grep -q 'after the long step' /late.txt\n");

        RecordingListener log = new RecordingListener();
        build(ctx, log);
        assertThat(sent(log)).anyMatch(s -> s.source().equals("context") && s.files() >= 1);
        assertThat(BuildSession.openSessions()).isZero();
    }
}
