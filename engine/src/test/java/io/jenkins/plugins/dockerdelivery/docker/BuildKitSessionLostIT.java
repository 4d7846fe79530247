package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.docker.session.BuildSession;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BuildKit session's connection dies while the daemon reads the context through it: the build
 * fails with a message that says so, never hangs, and leaves no session behind.
 */
class BuildKitSessionLostIT {
    private static final int FILES = 200;
    private static final long CUT_AFTER = 40L * 1024 * 1024;

    @Test
    void aSessionCutMidTransferFailsTheBuildWithAMessage(@TempDir Path ctx) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        Path big = Files.createDirectories(ctx.resolve("big"));
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(11);
        for (int i = 0; i < FILES; i++) {
            random.nextBytes(chunk);
            Files.write(big.resolve("f" + i), chunk);
        }
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY . /app\n");
        String tag = "dd-test/session-lost-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        RecordingListener log = new RecordingListener();

        try (CuttingProxy proxy = new CuttingProxy(Path.of(env.dockerHost().replaceFirst("^unix://", "")), CUT_AFTER)) {
            // a hang guard, not a timing assertion
            Throwable failure = assertTimeoutPreemptively(
                    Duration.ofSeconds(120),
                    () -> catchThrowable(() -> new DockerBuildPush(DockerEndpoint.of(proxy.host()))
                            .run(
                                    BuildPushRequest.builder(ctx)
                                            .withTag(tag)
                                            .withBuilder(Builder.BUILDKIT)
                                            .withPush(false)
                                            .build(),
                                    log)));

            assertThat(proxy.hasCut()).as("the session carried the context").isTrue();
            assertThat(failure)
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageStartingWith("The build's BuildKit session with the Docker daemon at " + proxy.host()
                            + " was lost during the build")
                    .hasMessageContaining("Run it again")
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("rpc error")
                            .doesNotContain("code =")
                            .doesNotContain("Exception"))
                    .hasCauseInstanceOf(io.jenkins.plugins.dockerdelivery.DeliveryException.class);
        }
        assertThat(log.lines()).noneMatch(l -> l.startsWith("Sent context: ") && !l.contains(" 0 files sent"));
        // how far the transfer got: some of the context, not all of it
        assertThat(PartialTransfer.bytesSent(log.lines()))
                .as("the 'Sent part of the context' line in:\n" + log.text())
                .isPositive()
                .isLessThan(FILES * (long) chunk.length);
        assertThat(log.text()).doesNotContain("could not ask the daemon to cancel");
        assertThat(BuildSession.openSessions()).as("sessions left open").isZero();
        Thread.sleep(200);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("docker-delivery session") && t.isAlive());
        try (DockerSession docker = DockerConnector.connect(DockerEndpoint.of(env.dockerHost()))) {
            assertThat(docker.client().listImagesCmd().withReferenceFilter(tag).exec())
                    .isEmpty();
        }
    }
}
