package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.docker.session.BuildSession;
import io.jenkins.plugins.dockerdelivery.docker.session.StandInDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BuildKit build that is aborted, or whose session is lost, tells the daemon {@code POST
 * /build/cancel?id=BUILDID} with the build's own id, and closes its session. A stand-in daemon holds the
 * session; a stand-in transport records the requests and keeps the build's answer open until told.
 */
@Timeout(60)
class BuildCancelTest {
    private static final Pattern BUILD_ID = Pattern.compile("[?&]buildid=([0-9a-f-]+)");

    @TempDir
    Path ctx;

    /** {@code /build} answers 200 and then nothing until the build is cancelled; records every request. */
    private static final class HangingBuild implements BuildTransport {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final CountDownLatch building = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);
        /** Until counted down, the build request has no answer: the daemon has not taken the build yet. */
        final CountDownLatch answer;

        volatile boolean answered;
        /** A cancel that came before the build's answer, which a daemon could not match to any build. */
        volatile boolean cancelOvertookTheBuild;

        HangingBuild() {
            this(0);
        }

        private HangingBuild(int answerWhenTold) {
            answer = new CountDownLatch(answerWhenTold);
        }

        static HangingBuild answeringWhenTold() {
            return new HangingBuild(1);
        }

        @Override
        public Response post(String pathAndQuery, Map<String, String> headers, ContextTarStream body) {
            requests.add(pathAndQuery);
            if (pathAndQuery.contains("/build/cancel")) {
                cancelOvertookTheBuild |= !answered;
                cancelled.countDown();
                return new Response(200, InputStream.nullInputStream(), () -> {}, () -> null);
            }
            building.countDown();
            try {
                if (answer.getCount() > 0) { // an await checks for an interrupt even when it need not wait
                    answer.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before the answer", e);
            }
            answered = true;
            return new Response(200, new AnswerUntilCancelled(), () -> {}, () -> null);
        }

        /** Blocks as a socket read does; an interrupt closes it as it closes a channel, and so does a cancel. */
        private final class AnswerUntilCancelled extends InputStream {
            @Override
            public int read() throws IOException {
                try {
                    cancelled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClosedByInterruptException();
                }
                throw new IOException("the daemon closed the connection: the build was cancelled");
            }
        }

        String buildId() {
            Matcher m = BUILD_ID.matcher(requests.get(0));
            assertThat(m.find())
                    .as("the build request carries a build id: " + requests.get(0))
                    .isTrue();
            return m.group(1);
        }
    }

    @Test
    void anInterruptedBuildIsCancelledByItsIdAndItsSessionClosed() throws Exception {
        try (StandInDaemon daemon = new StandInDaemon(StandInDaemon.Answer.UPGRADE_AND_HOLD)) {
            HangingBuild transport = new HangingBuild();
            FutureTask<ImageBuilder.Built> build = new FutureTask<>(() -> build(daemon, transport));
            Thread builder = new Thread(build, "build");
            builder.start();
            assertThat(transport.building.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(BuildSession.openSessions()).isEqualTo(1);
            builder.interrupt(); // as Jenkins does when a build is aborted

            assertThat(failureOf(build)).isInstanceOf(DeliveryException.class).hasMessage("The build was cancelled");
            assertThat(transport.requests).hasSize(2);
            assertThat(transport.requests.get(0)).startsWith("/v1.41/build?").contains("session=");
            assertThat(transport.requests.get(1)).isEqualTo("/v1.41/build/cancel?id=" + transport.buildId());
        }
        assertThat(BuildSession.openSessions()).isZero();
    }

    @Test
    void aSessionLostMidBuildCancelsTheBuildAndSaysTheSessionWasLost() throws Exception {
        try (StandInDaemon daemon = new StandInDaemon(StandInDaemon.Answer.UPGRADE_AND_HOLD)) {
            HangingBuild transport = new HangingBuild();
            FutureTask<ImageBuilder.Built> build = new FutureTask<>(() -> build(daemon, transport, BuildSession::open));
            new Thread(build, "build").start();
            assertThat(transport.building.await(30, TimeUnit.SECONDS)).isTrue();
            daemon.hangUp();

            // the answer stays open until the cancel: without it, this test runs into its timeout
            assertThat(failureOf(build))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("was lost during the build")
                    .hasMessageContaining("The build was stopped.");
            assertThat(transport.requests).hasSize(2);
            assertThat(transport.requests.get(1)).isEqualTo("/v1.41/build/cancel?id=" + transport.buildId());
        }
        assertThat(BuildSession.openSessions()).isZero();
    }

    @Test
    void aSessionLostWhileTheBuildIsRequestedIsCancelledOnlyOnceTheDaemonHasTheBuild() throws Exception {
        try (StandInDaemon daemon = new StandInDaemon(StandInDaemon.Answer.UPGRADE_AND_HOLD)) {
            HangingBuild transport = HangingBuild.answeringWhenTold();
            FutureTask<ImageBuilder.Built> build = new FutureTask<>(() -> build(daemon, transport, BuildSession::open));
            new Thread(build, "build").start();
            assertThat(transport.building.await(30, TimeUnit.SECONDS)).isTrue();
            daemon.hangUp();
            Thread.sleep(300); // time for the loss to be noticed, and for a cancel sent too early to go
            transport.answer.countDown();

            assertThat(failureOf(build)).hasMessageContaining("was lost during the build");
            assertThat(transport.cancelOvertookTheBuild).isFalse();
            assertThat(transport.requests).hasSize(2);
            assertThat(transport.requests.get(1)).isEqualTo("/v1.41/build/cancel?id=" + transport.buildId());
        }
        assertThat(BuildSession.openSessions()).isZero();
    }

    @Test
    void aSessionLostBeforeTheBuildRequestsNoBuildAndSendsNoCancel() throws Exception {
        try (StandInDaemon daemon = new StandInDaemon(StandInDaemon.Answer.UPGRADE_THEN_HANG_UP)) {
            HangingBuild transport = new HangingBuild();
            ImageBuilder.SessionOpener lostOnOpening = (endpoint, path, config, listener) -> {
                BuildSession session = BuildSession.open(endpoint, path, config, listener);
                assertThat(session.lost(Duration.ofSeconds(30))).isTrue();
                return session;
            };

            assertThatThrownBy(() -> build(daemon, transport, lostOnOpening))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("was lost before the build began")
                    .hasMessageContaining("The build was not requested.");
            // a cancel sent on the loss would also be recorded; give its thread the time to run
            Thread.sleep(200);
            assertThat(transport.requests).isEmpty();
        }
        assertThat(BuildSession.openSessions()).isZero();
    }

    private ImageBuilder.Built build(StandInDaemon daemon, HangingBuild transport) throws IOException {
        return build(daemon, transport, BuildSession::open);
    }

    private ImageBuilder.Built build(StandInDaemon daemon, HangingBuild transport, ImageBuilder.SessionOpener sessions)
            throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        DockerSession docker = StandInDockerSession.at(daemon.host());
        return new ImageBuilder(docker, new RecordingListener(), transport, sessions)
                .build(
                        BuildPushRequest.builder(ctx)
                                .withTag("a:1")
                                .withBuilder(Builder.BUILDKIT)
                                .build(),
                        BuildContext.of(ctx, null));
    }

    private static Throwable failureOf(Future<?> build) throws InterruptedException {
        try {
            build.get(50, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the build neither ended nor failed", e);
        }
        throw new AssertionError("the build succeeded");
    }
}
