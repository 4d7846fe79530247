package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An open connection to one Docker daemon at a negotiated API version. The docker-java client serves
 * the typed calls (tag, inspect, push); {@link #http()} serves the streamed build, which docker-java
 * cannot do without staging the context.
 */
public final class DockerSession implements AutoCloseable {
    private final DockerEndpoint endpoint;
    private final ApiVersion apiVersion;
    private final String engineVersion;
    private final DockerClient client;
    private final DockerHttpClient http;

    DockerSession(
            DockerEndpoint endpoint,
            ApiVersion apiVersion,
            String engineVersion,
            DockerClient client,
            DockerHttpClient http) {
        this.endpoint = endpoint;
        this.apiVersion = apiVersion;
        this.engineVersion = engineVersion;
        this.client = client;
        this.http = http;
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
        return client;
    }

    public DockerHttpClient http() {
        return http;
    }

    /** A path on the negotiated API version, such as {@code /v1.41/build}. */
    public String path(String path) {
        return "/v" + apiVersion + path;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
