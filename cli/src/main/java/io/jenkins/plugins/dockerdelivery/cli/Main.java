package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code docker-delivery} command: the engine of the Jenkins plugin, for use outside Jenkins. */
@Command(
        name = "docker-delivery",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Build and push Docker images, plan rebuilds of the images built FROM them,"
                + " deploy with Maestro-NG and check GitLab webhooks: the engine of the Jenkins plugin.",
        subcommands = {
            BuildPushCommand.class,
            GraphCommand.class,
            DockerfileCommand.class,
            DeployCommand.class,
            MaestroCommand.class,
            GitlabCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the exit-code mapping and error handling every entry point shares. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::usageError);
        return cli;
    }

    /**
     * Usage errors name unknown options but never echo values: a password typed by mistake as an
     * argument must not be printed on top of it.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> options = unmatched.getUnmatched().stream()
                    .filter(a -> a.startsWith("-"))
                    .map(a -> a.replaceFirst("=.*", "=..."))
                    .toList();
            err.println(
                    options.isEmpty()
                            ? "docker-delivery: unexpected argument(s) for '" + cli.getCommandName() + "'"
                            : "docker-delivery: unknown option " + String.join(", ", options));
        } else {
            err.println("docker-delivery: " + e.getMessage());
        }
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    /** Expected failures print their message, written for the user, never a stack trace. */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof DeliveryException) {
            err.println("docker-delivery: " + e.getMessage());
            err.flush();
            if (e instanceof InvalidInputException) {
                return ExitCodes.INVALID_INPUT;
            }
            return ExitCodes.FAILED;
        }
        err.println("docker-delivery: unexpected error: " + e);
        e.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }
}
