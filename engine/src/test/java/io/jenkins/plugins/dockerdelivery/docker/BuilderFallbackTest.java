package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.docker.session.BuildSession;
import io.jenkins.plugins.dockerdelivery.docker.session.StandInDaemon;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon of the test environment has BuildKit; a daemon without it is played by a stand-in transport. */
class BuilderFallbackTest {
    @TempDir
    Path ctx;

    /** Answers version=2 as a daemon without BuildKit does, and version=1 with a classic build stream. */
    private static final class NoBuildKitDaemon implements BuildTransport {
        final List<String> requests = new ArrayList<>();

        @Override
        public Response post(String pathAndQuery, Map<String, String> headers, ContextTarStream body) {
            requests.add(pathAndQuery);
            try {
                body.readAllBytes(); // the context is sent either way
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            String answer = pathAndQuery.contains("version=2")
                    ? "{\"message\":\"buildkit not supported by daemon\"}"
                    : "{\"stream\":\"Step 1/1 : FROM scratch\\n\"}\n{\"aux\":{\"ID\":\"sha256:" + "b".repeat(64)
                            + "\"}}\n";
            int status = pathAndQuery.contains("version=2") ? 400 : 200;
            return new Response(
                    status, new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), () -> {}, () -> null);
        }
    }

    private DockerSession session() {
        return StandInDockerSession.at("tcp://127.0.0.1:1");
    }

    @Test
    void autoFallsBackToTheClassicBuilderAndSaysSo() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        NoBuildKitDaemon daemon = new NoBuildKitDaemon();
        RecordingListener log = new RecordingListener();
        ImageBuilder.Built built = new ImageBuilder(session(), log, daemon, ImageBuilder.NO_SESSIONS)
                .build(BuildPushRequest.builder(ctx).withTag("a:1").build(), BuildContext.of(ctx, null));
        assertThat(built.builder()).isEqualTo(Builder.CLASSIC);
        assertThat(built.imageId()).isEqualTo("sha256:" + "b".repeat(64));
        assertThat(daemon.requests).hasSize(2);
        assertThat(daemon.requests.get(0)).contains("version=2");
        assertThat(daemon.requests.get(1)).contains("version=1");
        assertThat(log.lines())
                .contains("WARNING: BuildKit is not available on this Docker daemon (buildkit not supported by daemon);"
                        + " building with the classic builder");
    }

    @Test
    void buildKitOnlyFailsClearlyInstead() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        assertThatThrownBy(() -> new ImageBuilder(
                                session(), new RecordingListener(), new NoBuildKitDaemon(), ImageBuilder.NO_SESSIONS)
                        .build(
                                BuildPushRequest.builder(ctx)
                                        .withTag("a:1")
                                        .withBuilder(Builder.BUILDKIT)
                                        .build(),
                                BuildContext.of(ctx, null)))
                .isInstanceOf(DeliveryException.class)
                .hasMessage(
                        "BuildKit is not available on the Docker daemon at tcp://127.0.0.1:1 (buildkit not supported by daemon)."
                                + " Choose the builder 'auto' or 'classic'.");
    }

    /** BuildKit, but no /session (a proxy in between, an old engine): the context goes as a tar, said once. */
    private static final class BuildKitWithoutSessions implements BuildTransport {
        final List<String> requests = new ArrayList<>();
        long bodyBytes;

        @Override
        public Response post(String pathAndQuery, Map<String, String> headers, ContextTarStream body) {
            requests.add(pathAndQuery);
            try {
                bodyBytes = body.readAllBytes().length;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            String answer = "{\"id\":\"moby.image.id\",\"aux\":{\"ID\":\"sha256:" + "c".repeat(64) + "\"}}\n";
            return new Response(
                    200, new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), () -> {}, () -> null);
        }
    }

    @Test
    void withoutSessionsTheContextGoesInTheRequestBodyWithOneLineSayingWhy() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        BuildKitWithoutSessions daemon = new BuildKitWithoutSessions();
        RecordingListener log = new RecordingListener();
        ImageBuilder.Built built = new ImageBuilder(session(), log, daemon, ImageBuilder.NO_SESSIONS)
                .build(
                        BuildPushRequest.builder(ctx)
                                .withTag("a:1")
                                .withBuilder(Builder.BUILDKIT)
                                .build(),
                        BuildContext.of(ctx, null));
        assertThat(built.builder()).isEqualTo(Builder.BUILDKIT);
        assertThat(daemon.requests)
                .singleElement()
                .satisfies(r -> assertThat(r).contains("version=2").doesNotContain("session="));
        assertThat(daemon.bodyBytes).isGreaterThan(0);
        assertThat(log.lines().stream().filter(l -> l.contains("offers no BuildKit session")))
                .containsExactly("The Docker daemon offers no BuildKit session (HTTP 404: page not found): sending the"
                        + " whole context with the build request");
    }

    /** The same through the session's own opening, against a stand-in daemon that answers 404 to it. */
    @Test
    void aDaemonThatAnswers404ToTheSessionGetsTheContextInTheBody() throws Exception {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        try (StandInDaemon standIn = new StandInDaemon(StandInDaemon.Answer.NOT_FOUND)) {
            BuildKitWithoutSessions daemon = new BuildKitWithoutSessions();
            RecordingListener log = new RecordingListener();
            DockerSession docker = StandInDockerSession.at(standIn.host());
            ImageBuilder.Built built = new ImageBuilder(docker, log, daemon, BuildSession::open)
                    .build(
                            BuildPushRequest.builder(ctx)
                                    .withTag("a:1")
                                    .withBuilder(Builder.BUILDKIT)
                                    .build(),
                            BuildContext.of(ctx, null));
            assertThat(built.builder()).isEqualTo(Builder.BUILDKIT);
            assertThat(daemon.requests)
                    .singleElement()
                    .satisfies(r -> assertThat(r).contains("version=2").doesNotContain("session="));
            assertThat(daemon.bodyBytes).isGreaterThan(0);
            assertThat(log.lines().stream().filter(l -> l.contains("BuildKit session")))
                    .singleElement()
                    .satisfies(l -> assertThat(l)
                            .startsWith("The Docker daemon offers no BuildKit session (HTTP 404")
                            .endsWith("): sending the whole context with the build request"));
        }
        assertThat(BuildSession.openSessions()).isZero();
    }

    @Test
    void secretsWithoutASessionFailBeforeBuilding() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        BuildKitWithoutSessions daemon = new BuildKitWithoutSessions();
        assertThatThrownBy(() -> new ImageBuilder(session(), new RecordingListener(), daemon, ImageBuilder.NO_SESSIONS)
                        .build(
                                BuildPushRequest.builder(ctx)
                                        .withTag("a:1")
                                        .withSecret(BuildSecret.ofText(
                                                "t", io.jenkins.plugins.dockerdelivery.Secret.of("v")))
                                        .build(),
                                BuildContext.of(ctx, null)))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("Build secrets and SSH agents need BuildKit");
        assertThat(daemon.requests).isEmpty();
    }
}
