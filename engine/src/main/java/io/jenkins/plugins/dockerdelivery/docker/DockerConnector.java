package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.jenkins.plugins.dockerdelivery.ConnectionException;
import java.io.IOException;
import java.time.Duration;

/**
 * Opens a {@link DockerSession}: asks the daemon for its API range on an unversioned path, then
 * builds the client that speaks the negotiated version.
 */
public final class DockerConnector {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private DockerConnector() {}

    public static DockerSession connect(DockerEndpoint endpoint) {
        Version version;
        try (Opened probe = open(endpoint, null)) {
            version = probe.client.versionCmd().exec();
        } catch (RuntimeException | IOException e) {
            throw unreachable(endpoint, e);
        }
        ApiVersion daemonMax = ApiVersion.parse(version.getApiVersion());
        ApiVersion daemonMin = version.getMinAPIVersion() == null ? null : ApiVersion.parse(version.getMinAPIVersion());
        ApiVersion chosen = ApiVersion.negotiate(daemonMax, daemonMin);
        Opened opened = open(endpoint, chosen);
        return new DockerSession(endpoint, chosen, version.getVersion(), opened.client, opened.http);
    }

    static ConnectionException unreachable(DockerEndpoint endpoint, Exception e) {
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

    private static Opened open(DockerEndpoint endpoint, ApiVersion apiVersion) {
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
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .maxConnections(16)
                .build();
        return new Opened(DockerClientImpl.getInstance(built, http), http);
    }
}
