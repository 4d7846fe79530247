package io.jenkins.plugins.dockerdelivery.maestro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Maestro-NG 0.8.3 runs (src/test/resources/maestro/transcripts, see its README): each one's
 * stdout and stderr, read line by line, must give the expected final status per instance and the
 * expected verdict.
 */
class MaestroTranscriptTest {
    static Path root() throws URISyntaxException {
        return Path.of(
                MaestroTranscriptTest.class.getResource("/maestro/transcripts").toURI());
    }

    static Stream<Path> transcripts() throws IOException, URISyntaxException {
        List<Path> dirs = Files.list(root()).filter(Files::isDirectory).sorted().toList();
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(20);
        return dirs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void readsAsExpected(Path dir) throws IOException {
        JsonNode expected =
                new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        MaestroOutput output = new MaestroOutput();
        Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8).lines().forEach(output::stdout);
        Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8).lines().forEach(output::stderr);
        int exitCode =
                Integer.parseInt(Files.readString(dir.resolve("exit-code")).trim());

        Map<String, String> statuses = new LinkedHashMap<>();
        output.instances().forEach((name, instance) -> statuses.put(name, instance.status()));
        Map<String, String> wanted = new LinkedHashMap<>();
        expected.get("instances")
                .fields()
                .forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(wanted);

        MaestroAction action = MaestroAction.parse(Files.readString(dir.resolve("command")));
        assertThat(action.judge(exitCode, output.instances()).ok())
                .isEqualTo(expected.get("ok").asBoolean());
        if (exitCode != 0) {
            assertThat(output.errors())
                    .as("an exit code %d must come with a reason", exitCode)
                    .isNotEmpty();
        }
    }
}
