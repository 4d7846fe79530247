package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildPushCommandTest {
    @Test
    void thereIsNoWayToPassAPasswordAsAnArgument() {
        CliRunner.Result r = CliRunner.run(
                "build-push",
                "--context",
                ".",
                "--tag",
                "a:1",
                "--registry-password",
                "hunter22",
                "--password=hunter33");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err())
                .startsWith("docker-delivery: unknown option --registry-password, --password=...\n")
                .contains("Try 'docker-delivery build-push --help'.")
                .doesNotContain("hunter22")
                .doesNotContain("hunter33");
    }

    @Test
    void aUserWithoutAPasswordIsAClearError() {
        CliRunner.Result r = CliRunner.run("build-push", "--context", ".", "--tag", "a:1", "--registry-user", "me");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("--registry-user needs a password");
    }

    @Test
    void anUnknownBuilderIsAClearError() {
        CliRunner.Result r = CliRunner.run("build-push", "--context", ".", "--tag", "a:1", "--builder", "kaniko");
        assertThat(r.err()).contains("--builder must be auto, buildkit or classic, not 'kaniko'");
    }
}
