package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stand-in daemon that upgrades the session and then hangs up, or not: the session knows it was
 * lost (and says so once), and a session closed by its build is never "lost". The timeout only keeps
 * a regression from hanging the run.
 */
@Timeout(60)
class BuildSessionLostTest {
    @TempDir
    Path ctx;

    @Test
    void aConnectionThatEndsBeforeCloseIsALostSession() throws Exception {
        try (StandInDaemon daemon = new StandInDaemon(StandInDaemon.Answer.UPGRADE_THEN_HANG_UP)) {
            BuildSession session = daemon.openSession(ctx);
            try {
                CountDownLatch told = new CountDownLatch(1);
                session.onLost(told::countDown);
                assertThat(told.await(30, TimeUnit.SECONDS))
                        .as("told of the loss")
                        .isTrue();
                assertThat(session.lost()).isTrue();
                CountDownLatch late = new CountDownLatch(1);
                session.onLost(late::countDown); // registered after the loss: run at once
                assertThat(late.getCount()).isZero();
            } finally {
                session.close();
            }
        }
        assertThat(BuildSession.openSessions()).isZero();
    }

    @Test
    void closingTheSessionIsNoLoss() throws Exception {
        try (StandInDaemon daemon = new StandInDaemon(StandInDaemon.Answer.UPGRADE_AND_HOLD)) {
            BuildSession session = daemon.openSession(ctx);
            CountDownLatch told = new CountDownLatch(1);
            session.onLost(told::countDown);
            session.close();
            assertThat(told.await(1, TimeUnit.SECONDS)).isFalse();
            assertThat(session.lost()).isFalse();
        }
        assertThat(BuildSession.openSessions()).isZero();
    }
}
