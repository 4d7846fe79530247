package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void versionNamesTheProjectVersion() {
        CliRunner.Result result = CliRunner.run("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("docker-delivery ")
                .doesNotContain("unknown")
                .contains("Java 17");
    }

    @Test
    void noSubcommandPrintsUsage() {
        CliRunner.Result result = CliRunner.run();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("Usage: docker-delivery")
                .contains("graph")
                .contains("dockerfile");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        CliRunner.Result result = CliRunner.run("graph", "scan", "--nope", ".");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err())
                .startsWith("docker-delivery: unknown option (argument 3) for 'scan'")
                .doesNotContain("--nope");
    }
}
