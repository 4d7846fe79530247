package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

    /** Every command takes -V as the usage says: each prints the version, none an empty line. */
    @Test
    void everySubcommandPrintsTheVersionToo() {
        String version = CliRunner.run("--version").out();
        List<String[]> paths = new ArrayList<>();
        collect(Main.commandLine(new String[] {"--help"}), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(10);
        for (String[] path : paths) {
            String[] args = Arrays.copyOf(path, path.length + 1);
            args[path.length] = "--version";
            CliRunner.Result result = CliRunner.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(result.out()).as(String.join(" ", args)).isEqualTo(version);
        }
    }

    /** The names leading to every command with the standard help options, below the top. */
    private static void collect(CommandLine cli, List<String> prefix, List<String[]> paths) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().name().equals(name)
                    || !sub.getCommandSpec().mixinStandardHelpOptions()) {
                return; // an alias, or picocli's own help command
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            paths.add(path.toArray(String[]::new));
            collect(sub, path, paths);
        });
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
