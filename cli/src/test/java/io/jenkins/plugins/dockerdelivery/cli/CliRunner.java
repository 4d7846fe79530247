package io.jenkins.plugins.dockerdelivery.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in-process as a user would, with captured output and optional standard input. */
final class CliRunner {
    record Result(int exitCode, String out, String err) {}

    private CliRunner() {}

    static Result run(String... args) {
        return runWithInput(null, args);
    }

    static Result runWithInput(String stdin, String... args) {
        return runWithInput(stdin, System.getenv(), args);
    }

    /** With {@code environment} as the run's environment for the secrets it holds. */
    static Result runWithInput(String stdin, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream original = System.in;
        try {
            // never the real standard input: in a forked test JVM it is surefire's command channel, and a
            // command told to read a secret from it would wait there for good (seen once, in a property test)
            System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
            int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }
}
