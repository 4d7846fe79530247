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
