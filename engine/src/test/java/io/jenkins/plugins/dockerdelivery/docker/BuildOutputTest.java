package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.RecordingListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The daemon's build streams, as recorded from Engine 20.10 (src/test/resources/buildkit). */
class BuildOutputTest {

    private static void feed(BuildOutput output, String resource) throws IOException {
        try (InputStream in = BuildOutputTest.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    output.accept(JsonMessages.parse(line));
                }
            }
        }
    }

    @Test
    void buildKitSuccessReadsLikePlainProgress() throws IOException {
        RecordingListener log = new RecordingListener();
        BuildKitBuildOutput output = new BuildKitBuildOutput(log);
        feed(output, "/buildkit/success.jsonl");
        assertThat(output.failure()).isNull();
        assertThat(output.imageId()).matches("sha256:[0-9a-f]{64}");
        assertThat(log.lines())
                .contains("#3 [internal] load metadata for docker.io/local/busybox:latest")
                .anyMatch(l -> l.matches("#\\d+ \\[2/3\\] RUN echo hello-from-run && echo to-stderr >&2"))
                .anyMatch(l -> l.matches("#\\d+ hello-from-run"))
                .anyMatch(l -> l.matches("#\\d+ to-stderr"))
                .anyMatch(l -> l.matches("#\\d+ \\[3/3\\] COPY a.txt /a.txt"))
                .anyMatch(l -> l.matches("#\\d+ DONE \\d+\\.\\ds"));
    }

    /**
     * Engine 20.10 reports "load build context" twice under one digest: an instant (the cache key), then
     * the transfer. Each run gets its DONE, so the last one says how long the transfer took; repeats of
     * an end change nothing.
     */
    @Test
    void aStepBuildKitRunsAgainGetsTheDoneOfItsSecondRun() throws IOException {
        RecordingListener log = new RecordingListener();
        BuildKitBuildOutput output = new BuildKitBuildOutput(log);
        String digest = "sha256:" + "6".repeat(64);
        String name = "[internal] load build context";
        long t = 1_796_174_434_000_000_000L;
        output.accept(trace(vertex(digest, name, t, 0)));
        output.accept(trace(vertex(digest, name, t, t + 20_000_000L)));
        output.accept(trace(vertex(digest, name, t, t + 20_000_000L))); // a repeat of the end
        output.accept(trace(vertex(digest, name, t + 30_000_000L, 0)));
        output.accept(trace(vertex(digest, name, t + 30_000_000L, t + 6_930_000_000L)));
        assertThat(log.lines()).containsExactly("#1 " + name, "#1 DONE 0.0s", "#1 DONE 6.9s");
    }

    @Test
    void aSecondRunThatFailsIsTheFailedStep() throws IOException {
        RecordingListener log = new RecordingListener();
        BuildKitBuildOutput output = new BuildKitBuildOutput(log);
        String digest = "sha256:" + "7".repeat(64);
        String name = "[internal] load build context";
        long t = 1_796_174_434_000_000_000L;
        output.accept(trace(vertex(digest, name, t, t + 10_000_000L, "")));
        output.accept(trace(vertex(digest, name, t + 20_000_000L, t + 30_000_000L, "no space left on device")));
        output.accept(trace(vertex(digest, name, t + 20_000_000L, t + 30_000_000L, "no space left on device")));
        output.accept(JsonMessages.parse("{\"errorDetail\":{\"message\":\"no space left on device\"}}"));
        assertThat(log.lines()).containsExactly("#1 " + name, "#1 DONE 0.0s", "#1 ERROR: no space left on device");
        assertThat(output.failure().getMessage()).contains("#1 " + name);
    }

    /**
     * A transfer of minutes shows how far it got every 5 s of the daemon's time, then its end; the updates
     * in between (BuildKit sends several a second) are not shown.
     */
    @Test
    void aLongTransferShowsItsProgressEveryFiveSecondsOfTheDaemonsTime() throws IOException {
        RecordingListener log = new RecordingListener();
        BuildKitBuildOutput output = new BuildKitBuildOutput(log);
        String digest = "sha256:" + "8".repeat(64);
        long t = 1_796_174_434_000_000_000L;
        output.accept(trace(vertex(digest, "[internal] load build context", t, 0)));
        for (int tenth = 1; tenth <= 120; tenth++) { // 12 s, an update every 0.1 s, 10 MB a second
            output.accept(
                    trace(status("transferring", digest, tenth * 1_000_000L, t + tenth * 100_000_000L, t, false)));
        }
        output.accept(trace(status("transferring", digest, 125_000_000L, t + 12_500_000_000L, t, true)));
        output.accept(trace(vertex(digest, "[internal] load build context", t, t + 12_600_000_000L)));

        assertThat(log.lines())
                .containsExactly(
                        "#1 [internal] load build context",
                        "[progress] #1 transferring: 50.00MB 5.0s",
                        "[progress] #1 transferring: 100.00MB 10.0s",
                        "[progress] #1 transferring: 125.00MB done",
                        "#1 DONE 12.6s");
    }

    /** A StatusResponse of one VertexStatus (ID 1, vertex 2, name 3, current 4, timestamp 6, started 7, completed 8). */
    private static byte[] status(
            String id, String vertex, long current, long timestampNanos, long startedNanos, boolean completed)
            throws IOException {
        java.io.ByteArrayOutputStream status = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream v = com.google.protobuf.CodedOutputStream.newInstance(status);
        v.writeString(1, id);
        v.writeString(2, vertex);
        v.writeString(3, id);
        v.writeInt64(4, current);
        v.writeByteArray(6, timestamp(timestampNanos));
        v.writeByteArray(7, timestamp(startedNanos));
        if (completed) {
            v.writeByteArray(8, timestamp(timestampNanos));
        }
        v.flush();
        java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream r = com.google.protobuf.CodedOutputStream.newInstance(response);
        r.writeByteArray(2, status.toByteArray());
        r.flush();
        return response.toByteArray();
    }

    /** A {@code moby.buildkit.trace} message of the build stream, holding {@code statusResponse}. */
    private static java.util.Map<String, Object> trace(byte[] statusResponse) throws IOException {
        return JsonMessages.parse("{\"id\":\"moby.buildkit.trace\",\"aux\":\""
                + java.util.Base64.getEncoder().encodeToString(statusResponse) + "\"}");
    }

    /** A StatusResponse of one Vertex (digest 1, name 3, started 5, completed 6; Timestamp seconds 1, nanos 2). */
    private static byte[] vertex(String digest, String name, long startedNanos, long completedNanos)
            throws IOException {
        return vertex(digest, name, startedNanos, completedNanos, "");
    }

    /** As above, with error 7. */
    private static byte[] vertex(String digest, String name, long startedNanos, long completedNanos, String error)
            throws IOException {
        java.io.ByteArrayOutputStream vertex = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream v = com.google.protobuf.CodedOutputStream.newInstance(vertex);
        v.writeString(1, digest);
        v.writeString(3, name);
        if (startedNanos > 0) {
            v.writeByteArray(5, timestamp(startedNanos));
        }
        if (completedNanos > 0) {
            v.writeByteArray(6, timestamp(completedNanos));
        }
        if (!error.isEmpty()) {
            v.writeString(7, error);
        }
        v.flush();
        java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream r = com.google.protobuf.CodedOutputStream.newInstance(response);
        r.writeByteArray(1, vertex.toByteArray());
        r.flush();
        return response.toByteArray();
    }

    private static byte[] timestamp(long nanos) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream t = com.google.protobuf.CodedOutputStream.newInstance(out);
        t.writeInt64(1, nanos / 1_000_000_000L);
        t.writeInt32(2, (int) (nanos % 1_000_000_000L));
        t.flush();
        return out.toByteArray();
    }

    @Test
    void buildKitFailureNamesTheStepAndItsLastOutput() throws IOException {
        BuildKitBuildOutput output = new BuildKitBuildOutput(new RecordingListener());
        feed(output, "/buildkit/failed-run.jsonl");
        assertThat(output.failure()).isNotNull();
        assertThat(output.failure().getMessage())
                .startsWith("The build failed at #")
                .contains("[2/2] RUN echo first-line && echo the-last-words && exit 3")
                .contains("exit code: 3")
                .endsWith("Last output of that step:\n  first-line\n  the-last-words");
    }

    @Test
    void classicStreamsJoinPartialLinesAndNameTheFailedStep() throws IOException {
        RecordingListener log = new RecordingListener();
        ClassicBuildOutput output = new ClassicBuildOutput(log);
        for (String message : new String[] {
            "{\"stream\":\"Step 1/2 : FROM busybox\\n\"}",
            "{\"stream\":\" ---\\u003e 8fbbda024e13\\n\"}",
            "{\"stream\":\"Step 2/2 : RUN make test\\n\"}",
            "{\"stream\":\"compiling\"}",
            "{\"stream\":\" done\\nFAIL: test_cart\\n\"}",
            "{\"errorDetail\":{\"code\":2,\"message\":\"The command '/bin/sh -c make test' returned a non-zero code: 2\"},\"error\":\"x\"}"
        }) {
            output.accept(JsonMessages.parse(message));
        }
        assertThat(log.lines())
                .containsExactly(
                        "Step 1/2 : FROM busybox",
                        " ---> 8fbbda024e13",
                        "Step 2/2 : RUN make test",
                        "compiling done",
                        "FAIL: test_cart");
        assertThat(output.failure().getMessage())
                .isEqualTo(
                        "The build failed at step 2/2 (RUN make test): The command '/bin/sh -c make"
                                + " test' returned a non-zero code: 2\nLast output of that step:\n  compiling done\n  FAIL: test_cart");
        assertThat(output.failure().step()).isEqualTo("step 2/2 (RUN make test)");
    }

    @Test
    void classicImageIdFromAuxOrTheLastLine() throws IOException {
        ClassicBuildOutput aux = new ClassicBuildOutput(new RecordingListener());
        aux.accept(JsonMessages.parse("{\"aux\":{\"ID\":\"sha256:" + "a".repeat(64) + "\"}}"));
        assertThat(aux.imageId()).isEqualTo("sha256:" + "a".repeat(64));
        ClassicBuildOutput line = new ClassicBuildOutput(new RecordingListener());
        line.accept(JsonMessages.parse("{\"stream\":\"Successfully built 6400b097bdc0\\n\"}"));
        assertThat(line.imageId()).isEqualTo("6400b097bdc0");
    }

    @Test
    void pullProgressIsCompact() throws IOException {
        RecordingListener log = new RecordingListener();
        ClassicBuildOutput output = new ClassicBuildOutput(log);
        for (int i = 0; i < 50; i++) {
            output.accept(JsonMessages.parse(
                    "{\"status\":\"Downloading\",\"id\":\"abc\",\"progress\":\"[==> ] " + i + "MB\"}"));
        }
        output.accept(JsonMessages.parse("{\"status\":\"Pull complete\",\"id\":\"abc\"}"));
        assertThat(log.lines()).containsExactly("[progress] abc: Downloading", "[progress] abc: Pull complete");
    }

    @Test
    void sizesReadLikeDocker() {
        assertThat(BuildKitBuildOutput.size(512)).isEqualTo("512B");
        assertThat(BuildKitBuildOutput.size(1_500)).isEqualTo("1.50kB");
        assertThat(BuildKitBuildOutput.size(2_345_678)).isEqualTo("2.35MB");
    }
}
