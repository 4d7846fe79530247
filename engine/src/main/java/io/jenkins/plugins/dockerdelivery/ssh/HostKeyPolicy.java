package io.jenkins.plugins.dockerdelivery.ssh;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the server's host key is verified. Strict by default: the key must be in the given
 * known_hosts text (plain or hashed entries, {@code [host]:port} forms) or match a pinned {@code
 * SHA256:} fingerprint. An unknown or changed key is refused with the presented key's type and
 * fingerprint, so that a person can check and pin it.
 */
public sealed interface HostKeyPolicy {
    Pattern SHA256 = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    /** @param text the content of a known_hosts file */
    record KnownHosts(String text) implements HostKeyPolicy {}

    /** @param fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:} and 43 base64 characters */
    record Fingerprint(String fingerprint) implements HostKeyPolicy {
        public Fingerprint {
            String f = fingerprint == null ? "" : fingerprint.trim();
            if (f.toUpperCase(Locale.ROOT).startsWith("SHA256:")) {
                f = "SHA256:" + f.substring(7);
            }
            if (!SHA256.matcher(f).matches()) {
                throw new InvalidInputException(
                        "'" + fingerprint + "' is not a host key fingerprint: expected SHA256: and"
                                + " 43 base64 characters, as `ssh-keygen -lf` prints it");
            }
            fingerprint = f;
        }
    }

    /** No verification at all. For a lab only: every connection says so loudly in the log. */
    record AcceptAnyInsecure() implements HostKeyPolicy {}

    static HostKeyPolicy knownHosts(String text) {
        return new KnownHosts(text);
    }

    static HostKeyPolicy fingerprint(String fingerprint) {
        return new Fingerprint(fingerprint);
    }

    static HostKeyPolicy acceptAnyInsecure() {
        return new AcceptAnyInsecure();
    }
}
