package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.docker.session.BuildSession;
import io.jenkins.plugins.dockerdelivery.docker.session.SyncStats;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one build on the daemon through {@code POST /build}, with the context streamed as the request
 * body: BuildKit ({@code version=2}, which needs no session for a tar context) or the classic builder
 * ({@code version=1}). docker-java's own build command is not used: it gzips the whole context to a
 * temporary file first, and knows no BuildKit.
 */
final class ImageBuilder {
    static final String OCI_CREATED = "org.opencontainers.image.created";
    static final String OCI_REVISION = "org.opencontainers.image.revision";
    static final String OCI_SOURCE = "org.opencontainers.image.source";

    private final DockerSession docker;
    private final ProgressListener listener;
    private final BuildTransport transport;
    private final SessionOpener sessions;

    ImageBuilder(DockerSession docker, ProgressListener listener) {
        this(docker, listener, BuildTransport.forSession(docker));
    }

    ImageBuilder(DockerSession docker, ProgressListener listener, BuildTransport transport) {
        this(docker, listener, transport, BuildSession::open);
    }

    ImageBuilder(DockerSession docker, ProgressListener listener, BuildTransport transport, SessionOpener sessions) {
        this.docker = docker;
        this.listener = listener;
        this.transport = transport;
        this.sessions = sessions;
    }

    /** How a BuildKit session is opened: {@link BuildSession#open}, or a stand-in daemon's answer in tests. */
    interface SessionOpener {
        BuildSession open(DockerEndpoint endpoint, String path, BuildSession.Config config, ProgressListener listener)
                throws IOException;
    }

    /** For a daemon that has no {@code /session}. */
    static final SessionOpener NO_SESSIONS = (endpoint, path, config, listener) -> {
        throw new BuildSession.Unsupported("HTTP 404: page not found", null);
    };

    record Built(String imageId, Builder builder) {}

    Built build(BuildPushRequest request, BuildContext context) {
        if (request.builderKind() == Builder.CLASSIC) {
            requireNoSessionFeatures(request, "the classic builder was chosen");
            return new Built(run(request, context, false), Builder.CLASSIC);
        }
        try {
            return new Built(run(request, context, true), Builder.BUILDKIT);
        } catch (BuildKitUnavailable e) {
            if (request.builderKind() == Builder.BUILDKIT) {
                throw new DeliveryException("BuildKit is not available on the Docker daemon at "
                        + docker.endpoint().host() + " (" + e.getMessage()
                        + "). Choose the builder 'auto' or 'classic'.");
            }
            requireNoSessionFeatures(request, "BuildKit is not available on this Docker daemon");
            listener.warn("BuildKit is not available on this Docker daemon (" + e.getMessage()
                    + "); building with the classic builder");
            return new Built(run(request, context, false), Builder.CLASSIC);
        }
    }

    /** Secrets and SSH mounts exist only with BuildKit and its session. */
    private static void requireNoSessionFeatures(BuildPushRequest request, String why) {
        if (!request.secrets().isEmpty() || !request.sshAgents().isEmpty()) {
            throw new InvalidInputException("Build secrets and SSH agents need BuildKit, but " + why
                    + ". Use the builder 'buildkit' (Docker 18.09 or newer).");
        }
    }

    /** The daemon answered that it cannot build with BuildKit. */
    private static final class BuildKitUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BuildKitUnavailable(String message) {
            super(message);
        }
    }

    private String run(BuildPushRequest request, BuildContext context, boolean buildKit) {
        listener.log("Building "
                + String.join(
                        ", ",
                        request.tags().stream().map(ImageReference::familiar).toList()) + " from " + context.root()
                + " with " + (buildKit ? "BuildKit" : "the classic builder"));
        BuildSession session = buildKit ? openSession(request, context) : null;
        try {
            return run(request, context, buildKit, session);
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private String run(BuildPushRequest request, BuildContext context, boolean buildKit, BuildSession session) {
        LostSessionCancel lostSessionCancel = new LostSessionCancel();
        try {
            return run(request, context, buildKit, session, lostSessionCancel);
        } finally {
            lostSessionCancel.buildOver();
        }
    }

    /**
     * When the cancel for a lost session may go: once the daemon has answered the build request, since a
     * cancel sent before could overtake it and find no build to stop; and only while the build is not over.
     */
    private static final class LostSessionCancel {
        private final CountDownLatch answered = new CountDownLatch(1);
        private volatile boolean over;

        void buildAnswered() {
            answered.countDown();
        }

        void buildOver() {
            over = true;
            answered.countDown();
        }

        /** Waits for the daemon's answer to the build request; whether the build is still on by then. */
        boolean worthSending() throws InterruptedException {
            answered.await();
            return !over;
        }
    }

    /** @param lostSessionCancel told when the build is answered and when it is over */
    private String run(
            BuildPushRequest request,
            BuildContext context,
            boolean buildKit,
            BuildSession session,
            LostSessionCancel lostSessionCancel) {
        BuildOutput output = buildKit ? new BuildKitBuildOutput(listener) : new ClassicBuildOutput(listener);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-tar");
        String buildId = null;
        String path = docker.path("/build") + "?" + query(request, context, buildKit, session != null);
        if (session != null) {
            buildId = UUID.randomUUID().toString();
            path += "&session=" + session.id() + "&remote=client-session&buildid=" + buildId;
            // without its session the build can only fail, and a daemon waiting on the session may not
            // notice for long: stop it at once, and say below that the session was lost
            String cancelled = buildId;
            session.onLost(() -> {
                Thread canceller = new Thread(
                        () -> {
                            try {
                                if (lostSessionCancel.worthSending()) {
                                    cancel(cancelled, false);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "docker-delivery build cancel");
                canceller.setDaemon(true);
                canceller.start();
            });
        } else {
            String registryConfig = registryConfig(request);
            if (registryConfig != null) {
                headers.put("X-Registry-Config", registryConfig);
            }
        }
        if (session != null && session.lost()) {
            // a build started now could only fail, after the daemon has waited for the session
            throw sessionLost(
                    "was lost before the build began",
                    " The build was not requested.",
                    new IOException("the session's connection closed before the build request"));
        }
        try (BuildTransport.Response response =
                transport.post(path, headers, session == null ? context.openForSending() : null)) {
            lostSessionCancel.buildAnswered();
            if (response.status() != 200) {
                String error = errorMessage(response.body());
                response.rethrowUploadFailure();
                if (buildKit && looksLikeNoBuildKit(error)) {
                    throw new BuildKitUnavailable(error);
                }
                throw new DeliveryException(
                        "The Docker daemon refused the build (HTTP " + response.status() + "): " + error);
            }
            try (JsonMessages messages = new JsonMessages(response.body())) {
                for (Map<String, Object> message; (message = messages.next()) != null; ) {
                    output.accept(message);
                }
            } catch (IOException | RuntimeException e) {
                response.rethrowUploadFailure();
                if (Thread.currentThread().isInterrupted()) {
                    // an aborted Jenkins build: closing the connection makes the daemon cancel the build;
                    // with a session, it is also told to, and the session closes behind
                    cancel(buildId);
                    sayHowFarTransfersGot(session);
                    throw new DeliveryException("The build was cancelled", e);
                }
                if (session != null && session.lost()) {
                    sayHowFarTransfersGot(session);
                    throw sessionLost(e);
                }
                throw new ConnectionException(
                        "The connection to the Docker daemon broke during the build: " + describe(e), e);
            }
            response.rethrowUploadFailure();
        } catch (IOException e) {
            if (session != null && session.lost()) {
                sayHowFarTransfersGot(session);
                throw sessionLost(e);
            }
            throw new ConnectionException(
                    "The connection to the Docker daemon broke during the build: " + describe(e), e);
        }
        if (output.failure() != null) {
            if (session != null
                    && session.lost(sessionTransportFailure(output.failure()) ? LOST_GRACE : Duration.ZERO)) {
                sayHowFarTransfersGot(session);
                throw sessionLost(output.failure());
            }
            if (session != null) {
                throw SessionFailures.explain(
                        output.failure(), session, request.sshAgents().keySet());
            }
            throw output.failure();
        }
        String id = output.imageId();
        if (id == null) {
            throw new DeliveryException("The build ended without an image ID; the daemon's stream ended early");
        }
        if (!id.startsWith("sha256:")) {
            id = docker.client().inspectImageCmd(id).exec().getId(); // the classic builder's short ID
        }
        listener.log("Built " + id);
        return id;
    }

    /**
     * A build stopped mid-transfer (cancelled, or its session lost) says how much of the context had
     * gone, as a finished transfer says {@code Sent context: ...}: where a slow link or a huge context
     * was the trouble, this shows it.
     */
    private void sayHowFarTransfersGot(BuildSession session) {
        if (session == null) {
            return;
        }
        for (SyncStats sync : session.unfinishedSyncs()) {
            listener.log("Sent part of the " + sync.describe());
        }
    }

    /**
     * How long a failure that reads like the session's transport ending waits for this side to see the
     * end too (it usually has by then; the wait only closes a race).
     */
    private static final Duration LOST_GRACE = Duration.ofSeconds(2);

    /** The daemon's words when the session's connection ended under it, such as {@code transport is closing}. */
    static boolean sessionTransportFailure(Exception failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains("transport is closing")
                || message.contains("code = Unavailable")
                || message.contains("code = Canceled");
    }

    /**
     * The session's connection ended mid-build: what the daemon then says is gRPC's view of it ("rpc
     * error: code = Unavailable desc = transport is closing", "context canceled"), which tells a user
     * nothing. The daemon's words stay in the cause.
     */
    private ConnectionException sessionLost(Exception daemonsView) {
        return sessionLost("was lost during the build", " The build was stopped.", daemonsView);
    }

    private ConnectionException sessionLost(String when, String then, Exception daemonsView) {
        return new ConnectionException(
                "The build's BuildKit session with the Docker daemon at "
                        + docker.endpoint().host()
                        + " " + when + ": its connection closed, and with it the build context,"
                        + " registry credentials, secrets and SSH agents the daemon reads through it." + then
                        + " Run it again; if this repeats, check what lies between this machine and"
                        + " the daemon (a proxy, load balancer or firewall that cuts long connections) and the"
                        + " daemon's log.",
                daemonsView);
    }

    /**
     * The build's BuildKit session, or null where the daemon has none: then the context goes as a tar
     * in the request body, as before sessions, and this is said once.
     */
    private BuildSession openSession(BuildPushRequest request, BuildContext context) {
        BuildSession.Config config = new BuildSession.Config(
                context.root(),
                context.ignore(),
                context.dockerfile().getFileName().toString(),
                dockerfileContent(request, context),
                request.credentials(),
                request.secrets(),
                request.sshAgents());
        try {
            return sessions.open(docker.endpoint(), docker.path("/session"), config, listener);
        } catch (BuildSession.Unsupported e) {
            requireNoSessionFeatures(request, "the Docker daemon offers no BuildKit session (" + e.getMessage() + ")");
            listener.log("The Docker daemon offers no BuildKit session (" + e.getMessage()
                    + "): sending the whole context with the build request");
            return null;
        } catch (IOException e) {
            String tls = TlsFailures.explain(docker.endpoint(), e);
            if (tls != null) {
                throw new ConnectionException("Cannot open the build's BuildKit session. " + tls, e);
            }
            throw new ConnectionException(
                    "Cannot open a BuildKit session with the Docker daemon at "
                            + docker.endpoint().host() + ": " + describe(e),
                    e);
        }
    }

    /**
     * The Dockerfile the session serves: the content the engine wrote (bases pinned to digests) where
     * there is one, else the file's bytes, read once.
     */
    static byte[] dockerfileContent(BuildPushRequest request, BuildContext context) {
        if (context.dockerfileContent() != null) {
            return context.dockerfileContent();
        }
        try {
            return Files.readAllBytes(context.dockerfile());
        } catch (IOException e) {
            throw new BuildContextException(
                    "Cannot read the Dockerfile " + context.dockerfile() + ": " + e.getMessage(), e);
        }
    }

    /** {@code POST /build/cancel}: the daemon stops the build at once rather than when it notices the hang-up. */
    private void cancel(String buildId) {
        cancel(buildId, true);
    }

    /** @param warn whether to say so when the daemon cannot be told (a lost session's cancel may race the end) */
    private void cancel(String buildId, boolean warn) {
        if (buildId == null) {
            return;
        }
        boolean interrupted = Thread.interrupted(); // a channel would refuse to open for an interrupted thread
        try (BuildTransport.Response response =
                transport.post(docker.path("/build/cancel") + "?id=" + buildId, Map.of(), null)) {
            response.body().readAllBytes();
        } catch (IOException | RuntimeException e) {
            if (!warn) {
                return;
            }
            listener.warn("could not ask the daemon to cancel the build (" + describe(e) + "); it stops when it "
                    + "notices the closed connection");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static boolean looksLikeNoBuildKit(String error) {
        String e = error.toLowerCase(Locale.ROOT);
        return e.contains("buildkit") || e.contains("builder version") || e.contains("unsupported builder");
    }

    private static String errorMessage(InputStream body) {
        try (InputStream in = body) {
            String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
            try {
                String message = JsonMessages.text(JsonMessages.parse(text), "message");
                if (message != null) {
                    return message;
                }
            } catch (IOException notJson) {
                // plain text answer
            }
            return text.isEmpty() ? "no message" : text;
        } catch (IOException e) {
            return "no readable message (" + e.getMessage() + ")";
        }
    }

    static String query(BuildPushRequest request, BuildContext context, boolean buildKit) {
        return query(request, context, buildKit, false);
    }

    /** @param viaSession the Dockerfile is then the session's {@code dockerfile} source, known by its name */
    static String query(BuildPushRequest request, BuildContext context, boolean buildKit, boolean viaSession) {
        StringBuilder q = new StringBuilder();
        for (ImageReference tag : request.tags()) {
            param(q, "t", tag.familiar());
        }
        param(q, "dockerfile", viaSession ? context.dockerfile().getFileName().toString() : context.dockerfileInTar());
        if (!request.buildArgs().isEmpty()) {
            param(q, "buildargs", JsonMessages.write(request.buildArgs()));
        }
        param(q, "labels", JsonMessages.write(labels(request)));
        if (request.target() != null && !request.target().isBlank()) {
            param(q, "target", request.target());
        }
        if (request.platform() != null && !request.platform().isBlank()) {
            param(q, "platform", request.platform());
        }
        if (request.pull()) {
            param(q, "pull", "1");
        }
        if (request.noCache()) {
            param(q, "nocache", "1");
        }
        if (request.network() != null && !request.network().isBlank()) {
            param(q, "networkmode", request.network());
        }
        param(q, "rm", "1");
        param(q, "forcerm", "1");
        param(q, "version", buildKit ? "2" : "1");
        return q.toString();
    }

    /** The user's labels plus the standard OCI ones where their values are known and not set by the user. */
    static Map<String, String> labels(BuildPushRequest request) {
        Map<String, String> labels = new LinkedHashMap<>(request.labels());
        labels.putIfAbsent(
                OCI_CREATED, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (request.revision() != null && !request.revision().isBlank()) {
            labels.putIfAbsent(OCI_REVISION, request.revision());
        }
        if (request.source() != null && !request.source().isBlank()) {
            labels.putIfAbsent(OCI_SOURCE, request.source());
        }
        return labels;
    }

    /** Credentials for pulling private base images, as the daemon wants them: registry -> auth. */
    private static String registryConfig(BuildPushRequest request) {
        if (request.credentials().isEmpty()) {
            return null;
        }
        Map<String, Map<String, String>> config = new LinkedHashMap<>();
        for (RegistryCredentials c : request.credentials()) {
            config.put(
                    c.serverAddress(),
                    Map.of(
                            "username",
                            c.username(),
                            "password",
                            c.password().reveal(),
                            "serveraddress",
                            c.serverAddress()));
        }
        return Base64.getUrlEncoder().encodeToString(JsonMessages.write(config).getBytes(StandardCharsets.UTF_8));
    }

    private static void param(StringBuilder q, String name, String value) {
        if (q.length() > 0) {
            q.append('&');
        }
        q.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
