package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildPushCommandIT {
    @TempDir
    Path ctx;

    @Test
    void buildsPushesAndPrintsTheDigestWithThePasswordFromStdin() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nARG V\nRUN echo $V > /v\n");
        String tag =
                env.authRegistry() + "/cli/app-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        String password = env.registryPassword().reveal();

        CliProcess.Result r = CliProcess.run(
                password + "\n",
                Map.of("DOCKER_HOST", env.dockerHost()),
                "build-push",
                "--context",
                ctx.toString(),
                "--tag",
                tag,
                "--build-arg",
                "V=42",
                "--registry-user",
                env.registryUser(),
                "--registry-password-stdin");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Logged in to " + env.authRegistry())
                .containsPattern(tag.replace(".", "\\.") + "@sha256:[0-9a-f]{64}\n");
        assertThat(r.out() + r.err()).doesNotContain(password);
    }

    @Test
    void aWrongPasswordIsAMessageAndExitCodeOneWithoutAStackTrace() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + env.baseImage() + "\n");
        CliProcess.Result r = CliProcess.run(
                null,
                Map.of("DOCKER_HOST", env.dockerHost(), BuildPushCommand.PASSWORD_ENV, "not-it-123"),
                "build-push",
                "--context",
                ctx.toString(),
                "--tag",
                env.authRegistry() + "/cli/nope:1",
                "--registry-user",
                env.registryUser());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo(
                        "docker-delivery: Authentication failed for " + env.authRegistry() + " as " + env.registryUser()
                                + ". Check the user name and password (or token) of the registry credentials.\n");
        assertThat(r.out() + r.err()).doesNotContain("not-it-123").doesNotContain("\tat ");
    }

    @Test
    void noPushOnlyBuilds() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + env.baseImage() + "\n");
        CliProcess.Result r = CliProcess.run(
                null,
                Map.of("DOCKER_HOST", env.dockerHost()),
                "build-push",
                "--context",
                ctx.toString(),
                "--tag",
                "cli/local:1",
                "--no-push",
                "--builder",
                "classic");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("with the classic builder")
                .containsPattern("Image sha256:[0-9a-f]{64} \\(classic builder");
    }

    @Test
    void pinBaseBuildsTheDockerfilesReferenceAtThatDigest() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String base = env.noAuthRegistry() + "/cli/pin-base-"
                + UUID.randomUUID().toString().substring(0, 8) + ":7";
        Path baseDir = Files.createDirectories(ctx.resolve("base"));
        Files.writeString(baseDir.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nRUN echo v2 > /release\n");
        CliProcess.Result pushed = CliProcess.run(
                null,
                Map.of("DOCKER_HOST", env.dockerHost()),
                "build-push",
                "--context",
                baseDir.toString(),
                "-t",
                base);
        assertThat(pushed.exitCode()).as(pushed.err()).isZero();
        String pinned = pushed.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(pinned).startsWith(base + "@sha256:");

        Path child = Files.createDirectories(ctx.resolve("child"));
        Files.writeString(child.resolve("Dockerfile"), "ARG TAG=7\nFROM " + base.replace(":7", ":${TAG}") + "\n");
        CliProcess.Result r = CliProcess.run(
                null,
                Map.of("DOCKER_HOST", env.dockerHost()),
                "build-push",
                "--context",
                child.toString(),
                "-t",
                "cli/pinned-child:1",
                "--no-push",
                "--pin-base",
                pinned);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("FROM " + base + " pinned to " + pinned.substring(pinned.indexOf('@') + 1)
                        + ", given with --pin-base (line 2)");
    }
}
