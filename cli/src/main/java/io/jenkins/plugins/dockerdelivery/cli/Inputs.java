package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading what commands take from files and standard input, with errors written for the user. */
final class Inputs {
    private Inputs() {}

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** One secret from standard input (its first line), or from an environment variable; null if neither. */
    static Secret secret(boolean fromStdin, String environmentVariable, String what) {
        if (fromStdin) {
            try {
                String text = new String(System.in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                Secret secret = Secret.ofLine(text);
                if (secret.isEmpty()) {
                    throw new InvalidInputException("Standard input held no " + what);
                }
                return secret;
            } catch (IOException e) {
                throw new InvalidInputException(
                        "Cannot read the " + what + " from standard input: " + e.getMessage(), e);
            }
        }
        String value = environmentVariable == null ? null : System.getenv(environmentVariable);
        return value == null || value.isEmpty() ? null : Secret.of(value);
    }
}
