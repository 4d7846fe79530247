package io.jenkins.plugins.dockerdelivery.maestro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Maestro-NG 0.8.3 runs (src/test/resources/maestro/real, copied from the shared fixtures; see
 * its README): the reasons read from them are the real ones, never a traceback's source lines.
 */
class RealTranscriptTest {
    static String read(String transcript, String file) throws IOException {
        try (InputStream in = RealTranscriptTest.class.getResourceAsStream(
                "/maestro/real/" + (transcript.isEmpty() ? "" : transcript + "/") + file)) {
            if (in == null) {
                throw new IOException("no transcript file " + transcript + "/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static MaestroOutput output(String transcript) throws IOException {
        MaestroOutput output = new MaestroOutput();
        read(transcript, "stdout").lines().forEach(output::stdout);
        read(transcript, "stderr").lines().forEach(output::stderr);
        return output;
    }

    static Stream<String> transcripts() throws IOException {
        return read("", "INDEX.txt").lines().skip(1).map(l -> l.split("\t")[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void aFailureAlwaysComesWithAReasonThatIsNotPythonSource(String transcript) throws IOException {
        int exit = Integer.parseInt(read(transcript, "exit-code").strip());
        List<String> errors = output(transcript).errors();
        if (exit != 0) {
            assertThat(errors).as("exit code %d must come with a reason", exit).isNotEmpty();
        }
        assertThat(errors)
                .noneMatch(e -> e.contains("\u001B")
                        || e.startsWith("File \"")
                        || e.contains("raise_for_status()")
                        || e.contains("maestro.Conductor(config)")
                        || e.equals("b''")
                        || e.matches("^[~^ ]+$"));
    }

    @Test
    void aPullOfAMissingImageGivesTheExceptionWhateverItsClassIsCalled() throws IOException {
        MaestroOutput output = output("16-pull-image-not-found");
        assertThat(output.errors())
                .last()
                .asString()
                .startsWith("docker.errors.NotFound: 404 Client Error")
                .contains("manifest for 127.0.0.1:5901/mr/ghost:7 not found");
        Map<String, MaestroOutput.Instance> instances = output.instances();
        assertThat(instances.get("mr-ghost-1").status()).isEqualTo("failed!");
        assertThat(instances.get("mr-good-1").status()).isEqualTo("... 0.0%"); // interrupted, not "ok"
    }

    @Test
    void aFailedRunningCheckReadsAsDidNotStartWithMaestrosErrorLineAndNoLogRepr() throws IOException {
        MaestroOutput output = output("13-running-check-fails-restart");
        assertThat(output.instances().get("mr-deaf-1").status()).isEqualTo("container did not start! failed!");
        assertThat(output.instances().get("mr-deaf-1").image()).isEqualTo("mr/web:1");
        assertThat(output.instances().get("mr-deaf-2").status()).isEqualTo("waiting...");
        assertThat(output.errors())
                .containsExactly("mr-deaf-1: Halting start sequence because mr-deaf-1 (on local) failed to start!");
    }

    @Test
    void chainedTracebacksGiveTheirLastException() throws IOException {
        assertThat(output("19-ship-down-pull").errors())
                .last()
                .asString()
                .startsWith("requests.exceptions.ConnectionError: ('Connection aborted.'");
        assertThat(output("09-start-exec-not-found-restart").errors())
                .last()
                .asString()
                .startsWith("docker.errors.APIError: 400 Client Error");
    }

    @Test
    void aMultiLineExceptionMessageIsKeptWhole() throws IOException {
        assertThat(output("26-load-yaml-syntax-status").errors())
                .last()
                .asString()
                .contains("found unexpected end of stream");
        assertThat(output("25-load-missing-image-status").errors()).last().isEqualTo("KeyError: 'image'");
    }
}
