package io.jenkins.plugins.dockerdelivery.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage errors as the CLI prints them: the option and what it expects, never the value given. A
 * value on the command line may be a secret typed in the wrong place ({@code
 * --registry-password-stdin="$PW"}), and picocli's own messages quote it.
 */
final class UsageErrors {
    private UsageErrors() {}

    static String describe(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            // not even an unknown option's name is shown: "--hunter2" may be a password typed in the wrong place
            List<String> unknown = unmatched.getUnmatched();
            List<String> args = e.getCommandLine().getParseResult() == null
                    ? List.of()
                    : e.getCommandLine().getParseResult().originalArgs();
            int position = unknown.isEmpty() ? -1 : args.lastIndexOf(unknown.get(0));
            return (unknown.stream().anyMatch(a -> a.startsWith("-")) ? "unknown option" : "unexpected argument")
                    + (position >= 0 ? " (argument " + (position + 1) + ")" : "") + " for '"
                    + e.getCommandLine().getCommandName() + "'; it is not shown, since it may be a secret";
        }
        if (e instanceof CommandLine.MissingParameterException missing) {
            // picocli's message may quote the argument found instead of a value ("but found '-x...'")
            String names = missing.getMissing().stream().map(UsageErrors::label).collect(Collectors.joining(", "));
            return String.valueOf(e.getMessage()).contains("parameter for option")
                    ? "a value is missing for " + names
                    : "missing required " + names;
        }
        if (e instanceof CommandLine.MutuallyExclusiveArgsException) {
            return e.getMessage(); // names options by their labels (--known-hosts=FILE), holds no value
        }
        ArgSpec arg = e.getArgSpec();
        if (arg == null) {
            return "invalid arguments for '" + e.getCommandLine().getCommandName() + "'";
        }
        if (e instanceof CommandLine.OverwrittenOptionException) {
            return name(arg) + " is given more than once";
        }
        return "invalid value for " + name(arg) + ": " + expected(arg);
    }

    private static String label(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return "option '" + option.longestName() + (option.arity().max > 0 ? "=" + option.paramLabel() : "") + "'";
        }
        return "parameter '" + arg.paramLabel() + "'";
    }

    private static String name(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return "option '" + option.longestName() + "'";
        }
        return "parameter '" + ((PositionalParamSpec) arg).paramLabel() + "'";
    }

    private static String expected(ArgSpec arg) {
        Class<?> type = arg.type();
        if (type == boolean.class || type == Boolean.class) {
            return "it takes no value"
                    + (arg instanceof OptionSpec o && o.longestName().endsWith("-stdin")
                            ? " (the secret itself goes to standard input)"
                            : "");
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "expected a whole number";
        }
        if (type.isEnum()) {
            return "expected one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(type)) {
            return "expected NAME=VALUE";
        }
        if (type == Path.class) {
            return "expected a path";
        }
        return "expected " + arg.paramLabel();
    }
}
