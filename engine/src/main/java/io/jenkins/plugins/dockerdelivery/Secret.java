package io.jenkins.plugins.dockerdelivery;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A password, passphrase or token held in memory. Its value leaves this object only through {@link
 * #reveal()}, at the one place that hands it to a protocol; {@link #toString()} is always masked, so a
 * secret that slips into a log line, an exception message or a debugger shows nothing.
 *
 * <p>Serializable so that it can travel to a Jenkins agent inside the callable that needs it: an
 * object that crosses a remoting channel has its {@code toString()} kept and logged by remoting, and
 * a field of this type prints as {@link #MASK} there too. It is never written anywhere else.
 */
public final class Secret implements Serializable {
    public static final String MASK = "****";

    @Serial
    private static final long serialVersionUID = 1L;

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * For values read from standard input, a file or an environment variable: the line breaks at the
     * end ({@code \n}, {@code \r\n}, blank lines after) are never part of the secret; anything else,
     * spaces included, is. The same rule for every source, so a secret that works from one works from all.
     */
    public static Secret ofLine(String value) {
        return new Secret(value.replaceAll("[\\r\\n]+\\z", ""));
    }

    /** The plain value. Call it only where the value goes to the protocol that needs it. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Compares in constant time, so the time taken tells nothing about the value. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sha256(value.getBytes(StandardCharsets.UTF_8)), sha256(candidate.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && matches(other.value);
    }

    @Override
    public int hashCode() {
        return 0; // no hint of the value, not even through hashing
    }

    @Override
    public String toString() {
        return MASK;
    }
}
