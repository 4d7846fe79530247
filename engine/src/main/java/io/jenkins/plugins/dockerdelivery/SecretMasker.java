package io.jenkins.plugins.dockerdelivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces secret values in text with {@link Secret#MASK}. Besides the plain value it masks the
 * base64 forms a secret takes in Docker's auth headers and config files, since those travel through
 * the same code paths as log lines, and each line of a value of several lines.
 */
public final class SecretMasker {
    private static final int SHORTEST_MASKED = 3;

    private final List<String> needles;

    private SecretMasker(List<String> needles) {
        this.needles = needles;
    }

    public static SecretMasker of(Secret... secrets) {
        List<String> needles = new ArrayList<>();
        for (Secret secret : secrets) {
            if (secret == null || secret.reveal().length() < SHORTEST_MASKED) {
                continue; // a one-letter "secret" would mask every occurrence of that letter
            }
            String plain = secret.reveal();
            needles.add(plain);
            needles.add(Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
            // A secret file (an .npmrc, a key) reaches a log a line at a time, as a build step prints it:
            // each of its lines is masked on its own, since no log line holds the whole value.
            for (String line : plain.split("\r?\n")) {
                String trimmed = line.strip();
                if (trimmed.length() >= SHORTEST_MASKED && !trimmed.equals(plain)) {
                    needles.add(trimmed);
                }
            }
        }
        needles.sort(Comparator.comparingInt(String::length).reversed()); // longest first
        return new SecretMasker(List.copyOf(needles));
    }

    public String mask(String text) {
        if (text == null || needles.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String needle : needles) {
            masked = masked.replace(needle, Secret.MASK);
        }
        return masked;
    }

    public ProgressListener wrap(ProgressListener delegate) {
        if (needles.isEmpty()) {
            return delegate;
        }
        return new ProgressListener() {
            @Override
            public void log(String line) {
                delegate.log(mask(line));
            }

            @Override
            public void warn(String line) {
                delegate.warn(mask(line));
            }

            @Override
            public void progress(String item, String status) {
                delegate.progress(mask(item), mask(status));
            }
        };
    }
}
