package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.AuthenticationException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.docker.session.BuildSession;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Says which registry a failed pull of a base image was about. The daemon's own message often names no
 * registry ("failed to authorize: ... 401 Unauthorized"), but the session knows which registries it was
 * asked credentials for and what it answered.
 */
final class SessionFailures {
    private static final List<String> AUTH_SIGNS = List.of(
            "401", "unauthorized", "no basic auth credentials", "authentication required", "failed to authorize");

    private SessionFailures() {}

    static DeliveryException explain(BuildFailedException failure, BuildSession session) {
        String message = failure.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (AUTH_SIGNS.stream().noneMatch(lower::contains)) {
            return failure;
        }
        Set<String> asked = session.registriesAsked();
        String registry = asked.stream()
                .filter(message::contains)
                .findFirst()
                .orElse(asked.size() == 1 ? asked.iterator().next() : null);
        if (registry == null) {
            return failure;
        }
        RegistryCredentials credentials = session.credentialsFor(registry);
        if (credentials != null) {
            return new AuthenticationException(
                    "Authentication failed for registry " + registry + " as " + credentials.username()
                            + " while pulling a base image. Check the user name and password (or token) of the"
                            + " credentials for " + registry + ".\n" + message,
                    failure);
        }
        return new AuthenticationException(
                "The registry " + registry + " wants credentials to pull a base image, and none were given for it."
                        + " Add credentials for " + registry + " (CLI: --registry-auth " + registry
                        + "=USER; dockerBuildPush: pullCredentials: [[registry: '" + registry
                        + "', credentialsId: '...']]).\n" + message,
                failure);
    }
}
