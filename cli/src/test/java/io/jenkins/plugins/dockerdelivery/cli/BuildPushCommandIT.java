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
}
