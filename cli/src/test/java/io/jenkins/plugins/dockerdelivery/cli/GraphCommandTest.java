package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
}
