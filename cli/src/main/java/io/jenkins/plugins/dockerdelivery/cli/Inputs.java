package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reading what commands take from files and standard input, with errors written for the user. Every
 * secret read here is registered with the run's {@link RunSecrets}, so nothing the run prints shows
 * it; and a secret is trimmed the same way wherever it comes from (see {@link Secret#ofLine}).
 */
final class Inputs {
    /** A secret is a line; a larger standard input is not one. */
    private static final int SECRET_LIMIT = 64 * 1024;

    private Inputs() {}

    /** A UTF-8 text file, bounded in size; an error names the file and the line that is not UTF-8. */
    static String read(Path file) {
        return TextFiles.readUtf8(file, TextFiles.DEFAULT_LIMIT);
    }

    /** One secret from standard input, or from an environment variable; null if neither. */
    static Secret secret(boolean fromStdin, String environmentVariable, String what) {
        if (fromStdin) {
            try {
                String text = new String(System.in.readNBytes(SECRET_LIMIT), StandardCharsets.UTF_8);
                Secret secret = RunSecrets.current().add(Secret.ofLine(text));
                if (secret.isEmpty()) {
                    throw new InvalidInputException("Standard input held no " + what);
                }
                return secret;
            } catch (IOException e) {
                throw new InvalidInputException(
                        "Cannot read the " + what + " from standard input: " + e.getMessage(), e);
            }
        }
        String value = environmentVariable == null ? null : RunSecrets.current().getenv(environmentVariable);
        return value == null || value.isEmpty() ? null : RunSecrets.current().add(fromEnvironment(value));
    }

    /** A secret held in a file, such as a webhook token. */
    static Secret secretFile(Path file, String what) {
        Secret secret = RunSecrets.current().add(Secret.ofLine(read(file)));
        if (secret.isEmpty()) {
            throw new InvalidInputException(file + " holds no " + what);
        }
        return secret;
    }

    /** An environment variable's secret, trimmed as one from standard input or a file is. */
    static Secret fromEnvironment(String value) {
        return Secret.ofLine(value);
    }
}
