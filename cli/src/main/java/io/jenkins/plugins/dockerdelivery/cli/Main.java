package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.docker.session.SessionPreparation;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
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
                + " deploy with Maestro-NG and check GitLab webhooks: the engine of the Jenkins plugin.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order the usage lists them. picocli reads a command's annotations
     * (options, fields, types) when the command is added; for all of them that is about a fifth of a
     * cold start, so a run that names its subcommand first gets only that one (see {@link
     * #commandLine(String[])}).
     */
    private static final List<String> SUBCOMMANDS =
            List.of("build-push", "rebuild", "graph", "dockerfile", "deploy", "maestro", "gitlab", "help");

    /**
     * A new subcommand {@code name}. A switch rather than a table of constructor references: a cold run
     * then neither links a lambda for each subcommand nor loads the classes of those it does not run.
     * Every name of {@link #SUBCOMMANDS} has its case (MainTest builds the whole tree).
     */
    private static Object subcommand(String name) {
        return switch (name) {
            case "build-push" -> new BuildPushCommand();
            case "rebuild" -> new RebuildCommand();
            case "graph" -> new GraphCommand();
            case "dockerfile" -> new DockerfileCommand();
            case "deploy" -> new DeployCommand();
            case "maestro" -> new MaestroCommand();
            case "gitlab" -> new GitlabCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        if (args.length > 0
                && args[0].equals("build-push")
                && Runtime.getRuntime().availableProcessors() > 1) {
            // a cold build's session set-up runs on the second core while picocli reads the arguments (on
            // a single core it would only take turns with them)
            SessionPreparation.startInBackground();
        }
        int code = run(
                args,
                new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
                new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true),
                System.getenv());
        System.exit(code);
    }

    /**
     * Runs one command with everything it prints going through {@link MaskingWriter}: the secrets of
     * the environment and every secret the command reads are masked in its output, its errors and
     * its usage errors alike.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        RunSecrets secrets = RunSecrets.start(environment);
        PrintWriter maskedOut = new PrintWriter(new MaskingWriter(out, secrets), true);
        PrintWriter maskedErr = new PrintWriter(new MaskingWriter(err, secrets), true);
        try {
            CommandLine cli = commandLine(args);
            cli.setOut(maskedOut);
            cli.setErr(maskedErr);
            return cli.execute(args);
        } finally {
            maskedOut.flush();
            maskedErr.flush();
            RunSecrets.end();
        }
    }

    /**
     * The command line with the exit-code mapping and error handling every entry point shares. When
     * {@code args} start with a subcommand's name, only that subcommand is added: what it parses, prints
     * and answers is the same as in the whole tree. Anything else ({@code --help}, {@code help}, a typo
     * that gets "did you mean") gets every subcommand.
     */
    static CommandLine commandLine(String[] args) {
        // picocli's own warnings go straight to System.err, around the masking, and quote values
        CommandLine.tracer().setLevel(CommandLine.TraceLevel.OFF);
        CommandLine cli = new CommandLine(new Main());
        String named = args.length > 0 ? args[0] : "";
        if (SUBCOMMANDS.contains(named) && !named.equals("help")) {
            cli.addSubcommand(named, subcommand(named));
        } else {
            for (String name : SUBCOMMANDS) {
                cli.addSubcommand(name, subcommand(name));
            }
        }
        // a quote is part of a value (a build arg, a header), never picocli syntax
        cli.setSplitQuotedStrings(true);
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::usageError);
        return cli;
    }

    /**
     * Usage errors name the option, never its value: a password pasted by mistake after {@code
     * --registry-password-stdin=} or a build arg holding a token must not be printed on top of it.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("docker-delivery: " + UsageErrors.describe(e));
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
