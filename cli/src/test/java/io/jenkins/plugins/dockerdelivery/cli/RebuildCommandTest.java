package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebuildCommandTest {
    @TempDir
    Path tree;

    private void producer(String name, String dockerfile) throws Exception {
        Path dir = Files.createDirectories(tree.resolve(name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        Files.writeString(dir.resolve("docker-delivery.yaml"), "image: reg.example/" + name + ":1\n");
    }

    @Test
    void aDryRunPrintsThePlanAndThePinsItStartsFrom() throws Exception {
        producer("base", "FROM busybox\n");
        producer("app", "FROM reg.example/base:1\n");
        producer("sub", "FROM reg.example/app:1\n");
        String digest = "sha256:" + "a".repeat(64);

        CliRunner.Result r =
                CliRunner.run("rebuild", tree.toString(), "--changed", "reg.example/base:1@" + digest, "--dry-run");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("wave 1: app", "wave 2: sub")
                .contains("The first wave builds on reg.example/base:1@" + digest);
    }

    @Test
    void changedAndAllAreExclusiveAndOneIsNeeded() throws Exception {
        producer("base", "FROM busybox\n");
        assertThat(CliRunner.run("rebuild", tree.toString(), "--all", "--changed", "x:1")
                        .exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(CliRunner.run("rebuild", tree.toString()).exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        CliRunner.Result zero = CliRunner.run("rebuild", tree.toString(), "--all", "--concurrency", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(zero.err()).contains("--concurrency must be at least 1");
        assertThat(CliRunner.run("rebuild", tree.resolve("nope").toString(), "--all")
                        .exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    void aBadPinIsBadInput() throws Exception {
        producer("base", "FROM busybox\n");
        CliRunner.Result r = CliRunner.run(
                "build-push", "--context", tree.resolve("base").toString(), "-t", "x:1", "--pin-base", "busybox:1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("A base pin needs a digest");
    }
}
