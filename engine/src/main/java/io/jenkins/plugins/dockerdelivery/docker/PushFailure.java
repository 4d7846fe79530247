package io.jenkins.plugins.dockerdelivery.docker;

import java.util.Locale;
import java.util.regex.Pattern;

/** Why one push attempt failed, and whether trying again can help. */
record PushFailure(String message, Kind kind) {
    enum Kind {
        /** 401/403: wrong credentials or no right to push. Never retried. */
        AUTHENTICATION,
        /**
         * Connection refused or reset, timeouts, 5xx, and the registry's view of a race (pushes of the same
         * blobs at once: "manifest blob unknown", "digest invalid"): retried with back-off.
         */
        TRANSIENT,
        /** Anything else (no such image, a bad name): not retried. */
        PERMANENT
    }

    private static final Pattern AUTH = Pattern.compile(
            "unauthorized|authentication required|denied|\\b401\\b|\\b403\\b|forbidden|no basic auth credentials|incorrect username or password");
    private static final Pattern TRANSIENT = Pattern.compile(
            "connection refused|connection reset|broken pipe|\\beof\\b|timeout|timed out|\\b50[0-4]\\b|bad gateway|service unavailable"
                    + "|internal server error|temporarily unavailable|no route to host|tls handshake|i/o timeout|server closed"
                    // Distribution's BLOB_UNKNOWN, MANIFEST_BLOB_UNKNOWN and DIGEST_INVALID: seen when several
                    // pushes upload and link the same layers at once; the next attempt finds them in place
                    + "|blob unknown|digest invalid");

    static PushFailure classify(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (AUTH.matcher(m).find()) {
            return new PushFailure(message, Kind.AUTHENTICATION);
        }
        if (TRANSIENT.matcher(m).find()) {
            return new PushFailure(message, Kind.TRANSIENT);
        }
        return new PushFailure(message, Kind.PERMANENT);
    }
}
