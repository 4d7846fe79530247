package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The command-line tool's head start: it builds what a session runs on without error (whatever it
 * throws would otherwise be swallowed by its thread), and its thread never keeps the process alive.
 */
class SessionPreparationTest {
    @Test
    void preparingBuildsTheSessionsServerWithoutError() {
        assertThatCode(SessionPreparation::prepare).doesNotThrowAnyException();
    }

    @Test
    void theBackgroundPreparationEnds() throws InterruptedException {
        Thread thread = SessionPreparation.startInBackground();
        assertThat(thread.isDaemon()).as("never keeps the process alive").isTrue();
        thread.join(30_000);
        assertThat(thread.isAlive()).isFalse();
    }
}
