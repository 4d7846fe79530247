package io.jenkins.plugins.dockerdelivery.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the shaded CLI jar as a separate process, as a user would from a shell. */
final class CliProcess {
    record Result(int exitCode, String out, String err) {}

    private CliProcess() {}

    /**
     * {@code java -jar} the CLI's jar with this JVM, as {@code bin/docker-delivery} starts it on the
     * options that concern the output: on Java 24 and later, {@code --sun-misc-unsafe-memory-access=allow},
     * without which the JVM adds its warning about protobuf's use of {@code sun.misc.Unsafe} to standard
     * error.
     */
    static List<String> javaJar() {
        return javaJar(List.of());
    }

    /** {@link #javaJar()} with these options for the JVM, such as a heap limit. */
    static List<String> javaJar(List<String> jvmOptions) {
        String jar = System.getProperty("cli.jar");
        if (jar == null || !Path.of(jar).toFile().isFile()) {
            throw new IllegalStateException("cli.jar is not built: run through `mvn verify`");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar));
        return command;
    }

    static Result run(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(List.of(), stdin, env, args);
    }

    static Result run(List<String> jvmOptions, String stdin, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(javaJar(jvmOptions));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        var out = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                out.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.completeExceptionally(e);
            }
        });
        reader.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the CLI did not finish in 5 minutes");
        }
        return new Result(process.exitValue(), out.join(), err);
    }
}
