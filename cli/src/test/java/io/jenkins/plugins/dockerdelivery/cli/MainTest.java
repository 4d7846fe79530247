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
                .contains("Java " + Runtime.version().feature()); // the JVM it runs on
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
    void theUsageListsEverySubcommandInOrder() {
        CliRunner.Result result = CliRunner.run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .containsSubsequence(
                        "\n  build-push ",
                        "\n  rebuild ",
                        "\n  graph ",
                        "\n  dockerfile ",
                        "\n  deploy ",
                        "\n  maestro ",
                        "\n  gitlab ",
                        "\n  help ");
    }

    @Test
    void aRunNamingItsSubcommandGetsOnlyThatOne() {
        assertThat(Main.commandLine(new String[] {"build-push", "--help"}).getSubcommands())
                .containsOnlyKeys("build-push");
        assertThat(Main.commandLine(new String[] {"--help"}).getSubcommands())
                .containsOnlyKeys(
                        "build-push", "rebuild", "graph", "dockerfile", "deploy", "maestro", "gitlab", "help");
        // help needs the others to describe them
        assertThat(Main.commandLine(new String[] {"help", "graph"}).getSubcommands())
                .hasSize(8);
    }

    @Test
    void aSubcommandsHelpIsTheSameAloneAsInTheWholeTree() {
        CliRunner.Result alone = CliRunner.run("build-push", "--help");
        CliRunner.Result viaHelp = CliRunner.run("help", "build-push");
        assertThat(alone.exitCode()).isZero();
        assertThat(alone.out()).startsWith("Usage: docker-delivery build-push ").isEqualTo(viaHelp.out());
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
