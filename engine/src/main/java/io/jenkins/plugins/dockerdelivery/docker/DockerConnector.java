package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.jenkins.plugins.dockerdelivery.ConnectionException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Opens a {@link DockerSession}: asks the daemon for its API range on an unversioned path, then
 * settles on the version both speak. The docker-java client is only made when a call needs it.
 */
public final class DockerConnector {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long the daemon may take to answer {@code GET /_ping} (or {@code /version}). Only that first call is bounded:
     * a build or push stream may be silent for as long as a RUN step is.
     */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private DockerConnector() {}

    public static DockerSession connect(DockerEndpoint endpoint) {
        return connect(endpoint, ANSWER_TIMEOUT);
    }

    static DockerSession connect(DockerEndpoint endpoint, Duration answerTimeout) {
        String engineVersion;
        String apiVersion;
        String minApiVersion;
        if (UnixSocketBuildTransport.supports(endpoint)) {
            // a local socket: ask with Java's own Unix-domain channel, so that a build that pushes
            // nothing never loads docker-java's HTTP stack (most of a second on every cold start).
            // GET /_ping, as the docker CLI asks: its headers carry the API version and the engine's,
            // in under a millisecond; /version also asks containerd for its versions (10 ms and more,
            // on every build)
            try {
                UnixSocketBuildTransport.Answer ping =
                        UnixSocketBuildTransport.get(socketPath(endpoint), "/_ping", answerTimeout);
                apiVersion = ping.headers().get("Api-Version");
                engineVersion = engineVersion(ping.headers().get("Server"));
                minApiVersion = null; // a daemon that needs a newer client refuses the call and says so
                if (apiVersion == null || engineVersion == null) { // a daemon older than the headers
                    Map<String, Object> version = JsonMessages.parse(
                            UnixSocketBuildTransport.get(socketPath(endpoint), "/version", answerTimeout)
                                    .body());
                    engineVersion = JsonMessages.text(version, "Version");
                    apiVersion = JsonMessages.text(version, "ApiVersion");
                    minApiVersion = JsonMessages.text(version, "MinAPIVersion");
                }
            } catch (IOException | RuntimeException e) {
                throw unreachable(endpoint, e, answerTimeout);
            }
        } else {
            try (Opened probe = open(endpoint, null, answerTimeout)) {
                Version version = probe.client().versionCmd().exec();
                engineVersion = version.getVersion();
                apiVersion = version.getApiVersion();
                minApiVersion = version.getMinAPIVersion();
            } catch (RuntimeException | IOException e) {
                throw unreachable(endpoint, e, answerTimeout);
            }
        }
        ApiVersion daemonMax = ApiVersion.parse(apiVersion);
        ApiVersion daemonMin =
                minApiVersion == null || minApiVersion.isEmpty() ? null : ApiVersion.parse(minApiVersion);
        ApiVersion chosen = ApiVersion.negotiate(daemonMax, daemonMin);
        return new DockerSession(endpoint, chosen, engineVersion, () -> {
            Opened opened = open(endpoint, chosen, null);
            return new DockerSession.Clients(opened.client(), opened.http());
        });
    }

    /** The engine's version in a {@code Server} header such as {@code Docker/20.10.24+dfsg1 (linux)}; else null. */
    static String engineVersion(String server) {
        if (server == null || !server.startsWith("Docker/")) {
            return null;
        }
        String version = server.substring("Docker/".length());
        int space = version.indexOf(' ');
        version = space < 0 ? version : version.substring(0, space);
        return version.isEmpty() ? null : version;
    }

    static Path socketPath(DockerEndpoint endpoint) {
        return Path.of(endpoint.host().substring("unix://".length()));
    }

    static ConnectionException unreachable(DockerEndpoint endpoint, Exception e, Duration answerTimeout) {
        String tls = TlsFailures.explain(endpoint, e);
        if (tls != null) {
            return new ConnectionException(tls, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new ConnectionException(
                        "The Docker Engine at " + endpoint.host() + " is not answering: it accepted the connection"
                                + " but sent no answer to its first request (the API version) within "
                                + answerTimeout.toSeconds()
                                + " s. Is dockerd hung, or is DOCKER_HOST another service?",
                        e);
            }
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ConnectionException(
                "Cannot reach the Docker daemon at " + endpoint.host() + " (" + why
                        + "). Is dockerd running, and may this user use it? Set DOCKER_HOST to use another daemon.",
                e);
    }

    private record Opened(DockerClient client, DockerHttpClient http) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /** @param answerTimeout the longest wait for an answer, or null for none (a build's stream) */
    private static Opened open(DockerEndpoint endpoint, ApiVersion apiVersion, Duration answerTimeout) {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host())
                .withDockerTlsVerify(endpoint.tlsVerify());
        if (endpoint.certPath() != null) {
            config.withDockerCertPath(endpoint.certPath());
        }
        if (apiVersion != null) {
            config.withApiVersion(apiVersion.toString());
        }
        DefaultDockerClientConfig built = config.build();
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .maxConnections(16);
        if (answerTimeout != null) {
            http.responseTimeout(answerTimeout);
        }
        DockerHttpClient client = http.build();
        return new Opened(DockerClientImpl.getInstance(built, client), client);
    }
}
