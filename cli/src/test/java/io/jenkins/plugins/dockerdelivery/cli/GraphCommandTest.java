package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {
    private static final String EXAMPLES = Path.of("..", "examples").toString();

    @Test
    void scanPrintsATableByDefaultAndOtherFormatsOnRequest() {
        CliRunner.Result table = CliRunner.run("graph", "scan", EXAMPLES);
        assertThat(table.exitCode()).isZero();
        assertThat(table.out())
                .startsWith("PRODUCER")
                .contains("apps/shop-plugins  localhost:5000/team/shop-plugins:1");
        assertThat(CliRunner.run("graph", "scan", "--format", "dot", EXAMPLES).out())
                .startsWith("digraph images {");
        assertThat(CliRunner.run("graph", "scan", "--format", "mermaid", EXAMPLES)
                        .out())
                .startsWith("flowchart LR");
        assertThat(CliRunner.run("graph", "scan", "--format", "json", EXAMPLES).out())
                .contains("\"producers\"");
        assertThat(CliRunner.run("graph", "scan", "--format", "svg", EXAMPLES).out())
                .startsWith("<svg");
    }

    @Test
    void planPrintsTheWaves() {
        CliRunner.Result result = CliRunner.run(
                "graph",
                "plan",
                "--changed",
                "reg:5000/team/nginx-php:8.3",
                "--build-arg",
                "REGISTRY=reg:5000",
                EXAMPLES);
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                Rebuild after a change of reg:5000/team/nginx-php:8.3:
                  wave 1: apps/blog, apps/shop
                  wave 2: apps/shop-plugins
                """);
    }

    @Test
    void aCycleMakesThePlanFail(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/Dockerfile"), "FROM root\nCOPY --from=b / /\n"); // a uses root and b
        Files.writeString(dir.resolve("b/Dockerfile"), "FROM a\n"); // b is built FROM a
        CliRunner.Result result = CliRunner.run("graph", "plan", "--changed", "root", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.out()).contains("cycle: a -> b -> a");
    }

    @Test
    void badInputIsAMessageNotAStackTrace(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM a AS\n");
        CliRunner.Result result = CliRunner.run("graph", "scan", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err())
                .isEqualTo("docker-delivery: Dockerfile:1: malformed FROM: expected FROM [--platform=...]"
                        + " IMAGE [AS NAME], got 'FROM a AS'\n");
    }

    @Test
    void dockerfileBasesPrintsOneALine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, "ARG TAG=1\nFROM golang:${TAG} AS b\nFROM alpine\nCOPY --from=b / /\n");
        CliRunner.Result result = CliRunner.run("dockerfile", "bases", file.toString(), "--build-arg", "TAG=1.22");
        assertThat(result.out()).isEqualTo("docker.io/library/golang:1.22\ndocker.io/library/alpine:latest\n");
        assertThat(CliRunner.run("dockerfile", "bases", dir.resolve("nope").toString())
                        .err())
                .endsWith("nope: no such file\n");
    }

    @Test
    void aPlanBlockedByACycleDoesNotSayNothingIsBuiltFromTheChange(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/Dockerfile"), "FROM root\nCOPY --from=b / /\n");
        Files.writeString(dir.resolve("b/Dockerfile"), "FROM a\n");
        CliRunner.Result result = CliRunner.run("graph", "plan", "--changed", "root", dir.toString());
        assertThat(result.out()).doesNotContain("nothing is built FROM").contains("dependency cycle");
    }

    @Test
    void emptyChangedImagesAndAnUnknownPlanFormatAreUsageErrors(@TempDir Path dir) {
        CliRunner.Result empty = CliRunner.run("graph", "plan", "--changed", ",,,", dir.toString());
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(empty.err()).contains("--changed has an empty image name");
        CliRunner.Result svg = CliRunner.run("graph", "plan", "--changed", "a", "--format", "svg", dir.toString());
        assertThat(svg.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(svg.err()).contains("invalid value for option '--format': expected one of text, json");
    }

    @Test
    void aDockerfileThatIsNotUtf8IsReadWithAWarningAsBuildKitReadsIt(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("app"));
        Files.write(
                dir.resolve("app/Dockerfile"), "# caf\u00e9\nFROM alpine:3\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRunner.Result scan = CliRunner.run("graph", "scan", dir.toString());
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        assertThat(scan.out()).contains("alpine:3");
        assertThat(scan.err())
                .contains("app/Dockerfile, line 1: not UTF-8 text")
                .doesNotContain("\tat ");
        CliRunner.Result bases = CliRunner.run(
                "dockerfile", "bases", dir.resolve("app/Dockerfile").toString());
        assertThat(bases.out()).isEqualTo("docker.io/library/alpine:3\n");
        assertThat(bases.err()).contains("line 1: not UTF-8 text");
    }

    @Test
    void aSettingsFileThatIsNotUtf8IsAnErrorNamingTheLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM alpine\n");
        Files.write(dir.resolve("docker-delivery.yaml"), "image: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRunner.Result scan = CliRunner.run("graph", "scan", dir.toString());
        assertThat(scan.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(scan.err())
                .contains("docker-delivery.yaml, line 1: not UTF-8 text")
                .doesNotContain("Input length");
    }

    @Test
    void aDirectoryNamedWithTwoDotsIsAProducerLikeAnyOther(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a..b"));
        Files.writeString(dir.resolve("a..b/Dockerfile"), "FROM alpine\n");
        Files.createDirectories(dir.resolve("ok"));
        Files.writeString(dir.resolve("ok/Dockerfile"), "FROM a-b\n");
        CliRunner.Result scan = CliRunner.run("graph", "scan", dir.toString());
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        assertThat(scan.out()).contains("a..b").contains("a-b:latest");
    }

    @Test
    void substitutionsNestedTwentyThousandDeepAreAClearError(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("Dockerfile"), "FROM " + "${A:-".repeat(20_000) + "alpine" + "}".repeat(20_000) + "\n");
        CliRunner.Result scan = CliRunner.run("graph", "scan", dir.toString());
        assertThat(scan.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(scan.err())
                .contains("nested more than 100 levels deep")
                .doesNotContain("StackOverflow")
                .hasSizeLessThan(1000);
    }

    @Test
    void aThreeGigabyteDockerfileIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        try (java.io.RandomAccessFile huge =
                new java.io.RandomAccessFile(dir.resolve("Dockerfile").toFile(), "rw")) {
            huge.setLength(3L * 1024 * 1024 * 1024); // sparse: no disk used
        }
        CliRunner.Result scan = CliRunner.run("graph", "scan", dir.toString());
        assertThat(scan.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(scan.err()).contains("is larger than 16 MiB");
        CliRunner.Result bases =
                CliRunner.run("dockerfile", "bases", dir.resolve("Dockerfile").toString());
        assertThat(bases.err()).contains("is larger than 16 MiB");
    }

    @Test
    void anEndlessDeviceIsRefusedAtTheLimit() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        CliRunner.Result bases = CliRunner.run("dockerfile", "bases", "/dev/zero");
        assertThat(bases.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bases.err()).contains("/dev/zero is larger than 16 MiB");
    }

    @Test
    void aTenMegabyteLineIsNotEchoedWhole(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("Dockerfile"), "FROM alpine:" + "x".repeat(10_000_000) + "\n");
        CliRunner.Result bases = CliRunner.run("dockerfile", "bases", file.toString());
        assertThat(bases.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bases.err()).contains("xxx... (100000").hasSizeLessThan(1000);
    }

    @Test
    void twoProducersOfOneImageAreWarned(@TempDir Path dir) throws IOException {
        for (String d : new String[] {"one", "two"}) {
            Files.createDirectories(dir.resolve(d));
            Files.writeString(dir.resolve(d + "/Dockerfile"), "FROM alpine\n");
            Files.writeString(dir.resolve(d + "/docker-delivery.yaml"), "image: team/app:1\n");
        }
        CliRunner.Result scan = CliRunner.run("graph", "scan", dir.toString());
        assertThat(scan.exitCode()).isZero();
        assertThat(scan.err()).contains("WARNING: team/app:1 is produced by one and two");
    }

    @Test
    void producerSettingsOfTheWrongTypeAreClearErrors(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM alpine\n");
        Files.writeString(dir.resolve("docker-delivery.yaml"), "image: [team/a:1, team/b:1]\n");
        CliRunner.Result scan = CliRunner.run("graph", "scan", dir.toString());
        assertThat(scan.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(scan.err()).contains("'image' must be a single value, not a list");
    }
}
