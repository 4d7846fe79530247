package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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

    ImageBuilder(DockerSession docker, ProgressListener listener) {
        this(docker, listener, BuildTransport.forSession(docker));
    }

    ImageBuilder(DockerSession docker, ProgressListener listener, BuildTransport transport) {
        this.docker = docker;
        this.listener = listener;
        this.transport = transport;
    }

    record Built(String imageId, Builder builder) {}

    Built build(BuildPushRequest request, BuildContext context) {
        if (request.builderKind() == Builder.CLASSIC) {
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
            listener.warn("BuildKit is not available on this Docker daemon (" + e.getMessage()
                    + "); building with the classic builder");
            return new Built(run(request, context, false), Builder.CLASSIC);
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
        BuildOutput output = buildKit ? new BuildKitBuildOutput(listener) : new ClassicBuildOutput(listener);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-tar");
        String registryConfig = registryConfig(request);
        if (registryConfig != null) {
            headers.put("X-Registry-Config", registryConfig);
        }
        String path = docker.path("/build") + "?" + query(request, context, buildKit);
        try (BuildTransport.Response response = transport.post(path, headers, context.openForSending())) {
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
                    // an aborted Jenkins build: closing the connection makes the daemon cancel the build
                    throw new DeliveryException("The build was cancelled", e);
                }
                throw new ConnectionException(
                        "The connection to the Docker daemon broke during the build: " + describe(e), e);
            }
            response.rethrowUploadFailure();
        } catch (IOException e) {
            throw new ConnectionException(
                    "The connection to the Docker daemon broke during the build: " + describe(e), e);
        }
        if (output.failure() != null) {
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
        StringBuilder q = new StringBuilder();
        for (ImageReference tag : request.tags()) {
            param(q, "t", tag.familiar());
        }
        param(q, "dockerfile", context.dockerfileInTar());
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
