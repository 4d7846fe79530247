package io.jenkins.plugins.dockerdelivery.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
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
 * Golden files: each folder of {@code src/test/resources/dockerfiles} holds a realistic {@code
 * Dockerfile}, its {@code expected-bases} (normalised, one a line, in order) and optionally {@code
 * build-args} ({@code NAME=value} lines).
 */
class DockerfileCorpusTest {
    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path root =
                Path.of(DockerfileCorpusTest.class.getResource("/dockerfiles").toURI());
        List<Path> cases = Files.list(root).filter(Files::isDirectory).sorted().toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void externalBasesAreTheExpectedOnes(Path dir) throws IOException {
        String dockerfile = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
        Map<String, String> args = new LinkedHashMap<>();
        Path argsFile = dir.resolve("build-args");
        if (Files.exists(argsFile)) {
            for (String line : Files.readAllLines(argsFile)) {
                int eq = line.indexOf('=');
                args.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        List<String> expected = Files.readAllLines(dir.resolve("expected-bases")).stream()
                .filter(l -> !l.isBlank())
                .toList();

        List<String> actual =
                DockerfileAnalyzer.analyze(dir.getFileName() + "/Dockerfile", dockerfile, args).externalBases().stream()
                        .map(ImageReference::toString)
                        .toList();

        assertThat(actual).containsExactlyElementsOf(expected);
    }
}
