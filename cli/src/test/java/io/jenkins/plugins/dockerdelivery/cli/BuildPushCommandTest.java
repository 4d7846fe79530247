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
                .startsWith("docker-delivery: unknown option (argument 6) for 'build-push'; it is not shown")
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

    @Test
    void anUpperCaseRepositoryIsRefusedBeforeAnythingIsBuilt() {
        CliRunner.Result r = CliRunner.run("build-push", "--context", ".", "--tag", "Team/app:1", "--no-push");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("'Team' is not a registry host").doesNotContain("HTTP 500");
    }

    @Test
    void buildArgsAndLabelsWithAnEmptyNameAreRefused() {
        for (String option : new String[] {"--build-arg", "--label"}) {
            CliRunner.Result r = CliRunner.run("build-push", "--context", ".", "--tag", "a:1", option, "=x");
            assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err()).contains("has an empty name");
        }
    }

    @Test
    void pushAttemptsAreBounded() {
        CliRunner.Result r = CliRunner.run("build-push", "--context", ".", "--tag", "a:1", "--push-attempts", "20");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("The push attempts must be 1 to 10, not 20");
    }
}
