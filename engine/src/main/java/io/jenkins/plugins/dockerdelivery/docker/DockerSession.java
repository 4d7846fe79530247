package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A connection to one Docker daemon at a negotiated API version. The docker-java client serves the
 * typed calls (auth, inspect, push) and is made on first use; builds go through {@link
 * BuildTransport}, which streams the context.
 */
public final class DockerSession implements AutoCloseable {
    private final DockerEndpoint endpoint;
    private final ApiVersion apiVersion;
    private final String engineVersion;
    private final java.util.function.Supplier<Clients> opener;
    private Clients clients;

    /** docker-java's typed client and its HTTP transport, made on first use. */
    record Clients(DockerClient client, DockerHttpClient http) {}

    DockerSession(
            DockerEndpoint endpoint,
            ApiVersion apiVersion,
            String engineVersion,
            java.util.function.Supplier<Clients> opener) {
        this.endpoint = endpoint;
        this.apiVersion = apiVersion;
        this.engineVersion = engineVersion;
        this.opener = opener;
    }

    private synchronized Clients clients() {
        if (clients == null) {
            clients = opener.get();
        }
        return clients;
    }

    public DockerEndpoint endpoint() {
        return endpoint;
    }

    public ApiVersion apiVersion() {
        return apiVersion;
    }

    public String engineVersion() {
        return engineVersion;
    }

    public DockerClient client() {
        return clients().client();
    }

    public DockerHttpClient http() {
        return clients().http();
    }

    /** A path on the negotiated API version, such as {@code /v1.41/build}. */
    public String path(String path) {
        return "/v" + apiVersion + path;
    }

    @Override
    public synchronized void close() {
        if (clients == null) {
            return;
        }
        try {
            clients.client().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
