package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.api.model.AuthConfig;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import java.util.Objects;
import java.util.Set;

/**
 * A user name and password for one registry, held in memory only. They reach the daemon in the
 * {@code X-Registry-Auth} / {@code X-Registry-Config} headers, never a command line or a file.
 *
 * @param registry the registry host[:port] as in image references; {@code docker.io} for Docker Hub
 */
public record RegistryCredentials(String registry, String username, Secret password) {
    private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");
    /** The server address the daemon expects for Docker Hub credentials. */
    static final String DOCKER_HUB_ADDRESS = "https://index.docker.io/v1/";

    public RegistryCredentials {
        Objects.requireNonNull(password, "password");
        if (username == null || username.isBlank()) {
            throw new InvalidInputException("Registry credentials for " + registry + " need a user name");
        }
        registry = normalise(registry);
    }

    static String normalise(String registry) {
        String r = registry == null || registry.isBlank() ? "docker.io" : registry.trim();
        r = r.replaceFirst("^https?://", "").replaceFirst("/v[12]/?$", "").replaceFirst("/+$", "");
        return DOCKER_HUB.contains(r) ? "docker.io" : r;
    }

    public boolean isFor(String imageRegistry) {
        return registry.equals(normalise(imageRegistry));
    }

    String serverAddress() {
        return registry.equals("docker.io") ? DOCKER_HUB_ADDRESS : registry;
    }

    AuthConfig toAuthConfig() {
        return new AuthConfig()
                .withUsername(username)
                .withPassword(password.reveal())
                .withRegistryAddress(serverAddress());
    }
}
