package io.jenkins.plugins.dockerdelivery.docker;

import java.time.Duration;

/**
 * When a failed push is tried again. The waits double from the first delay, each at most {@link
 * #MAX_DELAY}, and all of them together at most {@link #MAX_TOTAL_WAIT}, so that a push that keeps
 * failing ends in bounded time whatever the attempts. A failure the Docker daemon already retried
 * (it retries each layer upload itself, reporting "Retrying in N seconds") is not retried again: the
 * two retry loops would multiply.
 */
record PushRetry(int attempts, Duration firstDelay) {
    static final int MAX_ATTEMPTS = 10;
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_TOTAL_WAIT = Duration.ofMinutes(2);

    /**
     * The wait before attempt {@code next} (2 or more) after {@code waited} in all, or null when there
     * is no such attempt.
     */
    Duration delayBefore(int next, Duration waited, boolean daemonRetried) {
        if (daemonRetried || next > attempts) {
            return null;
        }
        Duration delay = firstDelay;
        for (int i = 2; i < next && delay.compareTo(MAX_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        if (delay.compareTo(MAX_DELAY) > 0) {
            delay = MAX_DELAY;
        }
        return waited.plus(delay).compareTo(MAX_TOTAL_WAIT) > 0 ? null : delay;
    }
}
