package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.testenv.TestDaemon;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1 GiB context of issue 9's table (180 files of 5 MiB that {@code COPY . /app} takes, 20 more that
 * {@code .dockerignore} excludes), built three times by the CLI in a JVM whose heap may not pass 64 MiB:
 * the first build sends the 180 files once and nothing excluded, a rebuild with nothing changed sends no
 * content, a rebuild with one file changed sends exactly that file. Bytes are the session's own count,
 * as it prints them; the heap limit makes "memory stays bounded whatever the context's size" a failure
 * (an OutOfMemoryError) instead of a figure.
 */
class LargeContextIT {
    private static final Pattern SENT_CONTEXT =
            Pattern.compile("Sent context: \\d+ entr(?:y|ies) walked, (\\d+) files? sent \\([^,]+, (\\d+) bytes\\)");
    private static final int FILES = 180;
    private static final int EXCLUDED = 20;
    private static final int FILE_SIZE = 5 * 1024 * 1024;
    private static final List<String> SMALL_HEAP = List.of("-Xmx64m");

    @TempDir
    Path ctx;

    @Test
    void oneGibSentOnceThenNoContentThenOneFileInA64MibHeap() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        byte[] block = new byte[FILE_SIZE];
        for (int i = 0; i < FILES + EXCLUDED; i++) {
            // files that differ (the daemon's content cache would otherwise fold them together)
            java.util.Arrays.fill(block, (byte) i);
            block[0] = (byte) (i >> 8);
            Path dir = Files.createDirectories(ctx.resolve(i < FILES ? "media" : "excluded"));
            Files.write(dir.resolve("f" + i + ".bin"), block);
        }
        Files.writeString(ctx.resolve(".dockerignore"), "excluded\n");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY . /app\n");
        String tag = "local/cli/large-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        try (TestDaemon daemon = TestDaemon.connect(env)) {
            try {
                long[] first = sentContext(build(env, tag));
                assertThat(first[0]).as("files sent").isBetween((long) FILES, FILES + 3L);
                assertThat(first[1])
                        .as("bytes sent: the 180 files, nothing excluded")
                        .isBetween((long) FILES * FILE_SIZE, (long) FILES * FILE_SIZE + 4096);

                long[] again = sentContext(build(env, tag));
                assertThat(again)
                        .as("files and bytes of a rebuild with nothing changed")
                        .containsExactly(0, 0);

                Path changed = ctx.resolve("media/f7.bin");
                byte[] bytes = Files.readAllBytes(changed);
                bytes[1] ^= 1;
                Files.write(changed, bytes);
                Files.setLastModifiedTime(changed, FileTime.from(Instant.now().plusSeconds(5)));
                long[] oneFile = sentContext(build(env, tag));
                assertThat(oneFile)
                        .as("files and bytes of a rebuild with one file changed")
                        .containsExactly(1, FILE_SIZE);
            } finally {
                daemon.removeImages(List.of(tag));
            }
        }
    }

    private String build(TestEnvironment env, String tag) throws Exception {
        CliProcess.Result r = CliProcess.run(
                SMALL_HEAP,
                null,
                Map.of("DOCKER_HOST", env.dockerHost()),
                "build-push",
                "--context",
                ctx.toString(),
                "--tag",
                tag,
                "--builder",
                "buildkit",
                "--no-push");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).doesNotContain("OutOfMemoryError");
        return r.out();
    }

    /** The files and bytes of every context sync the run printed, summed. */
    private static long[] sentContext(String out) {
        long files = 0;
        long bytes = 0;
        int lines = 0;
        Matcher m = SENT_CONTEXT.matcher(out);
        while (m.find()) {
            files += Long.parseLong(m.group(1));
            bytes += Long.parseLong(m.group(2));
            lines++;
        }
        assertThat(lines).as("Sent context lines in:\n" + out).isPositive();
        return new long[] {files, bytes};
    }
}
