package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PushRetryTest {
    @Test
    void theWaitsDoubleAreCappedEachAndBoundedInAll() {
        PushRetry retry = new PushRetry(PushRetry.MAX_ATTEMPTS, Duration.ofSeconds(1));
        Duration waited = Duration.ZERO;
        int attempts = 1;
        for (Duration delay; (delay = retry.delayBefore(attempts + 1, waited, false)) != null; attempts++) {
            assertThat(delay).isLessThanOrEqualTo(PushRetry.MAX_DELAY);
            waited = waited.plus(delay);
        }
        assertThat(waited).isLessThanOrEqualTo(PushRetry.MAX_TOTAL_WAIT);
        assertThat(attempts).isBetween(2, PushRetry.MAX_ATTEMPTS);
        // 1 + 2 + 4 + 8 + 16 + 30 + 30 = 91 s; one more 30 s wait would pass 120 s
        assertThat(waited).isEqualTo(Duration.ofSeconds(91));
    }

    @Test
    void aHugeFirstDelayIsCappedToo() {
        assertThat(new PushRetry(3, Duration.ofDays(6)).delayBefore(2, Duration.ZERO, false))
                .isEqualTo(PushRetry.MAX_DELAY);
    }

    @Test
    void aFailureTheDaemonAlreadyRetriedIsNotRetriedAgain() {
        assertThat(new PushRetry(5, Duration.ofSeconds(1)).delayBefore(2, Duration.ZERO, true))
                .isNull();
    }

    @Test
    void noAttemptPastTheLast() {
        assertThat(new PushRetry(2, Duration.ofSeconds(1)).delayBefore(3, Duration.ofSeconds(1), false))
                .isNull();
    }
}
