package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.AuthenticationException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.docker.session.BuildSession;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Says what a failed BuildKit build needed of its session and did not get, where the daemon's own words
 * do not: which registry a failed pull of a base image was about ("failed to authorize: ... 401
 * Unauthorized" names none), which secret the build was not given ("secret npmrc not found: not found"
 * drops the session's advice), which SSH agent it forwards none for. The session knows which registries
 * it was asked credentials for and which secrets it was asked for in vain.
 */
final class SessionFailures {
    private static final List<String> AUTH_SIGNS = List.of(
            "401", "unauthorized", "no basic auth credentials", "authentication required", "failed to authorize");
    /** BuildKit's words for an SSH mount whose session forwards no agent at all. */
    private static final Pattern NO_SSH_AGENT = Pattern.compile("no SSH key \"([^\"]+)\" forwarded from the client");

    private SessionFailures() {}

    /** @param sshIds the ssh ids the build forwards an agent for */
    static DeliveryException explain(BuildFailedException failure, BuildSession session, Set<String> sshIds) {
        DeliveryException authentication = authentication(failure, session);
        if (authentication != null) {
            return authentication;
        }
        Set<String> secrets = session.secretsNotGiven();
        if (!secrets.isEmpty()) {
            return failure.withHint(secretsHint(secrets));
        }
        Matcher ssh = NO_SSH_AGENT.matcher(failure.getMessage());
        if (ssh.find() && !sshIds.contains(ssh.group(1))) {
            return failure.withHint(sshHint(ssh.group(1)));
        }
        return failure;
    }

    private static DeliveryException authentication(BuildFailedException failure, BuildSession session) {
        String message = failure.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (AUTH_SIGNS.stream().noneMatch(lower::contains)) {
            return null;
        }
        Set<String> asked = session.registriesAsked();
        String registry = asked.stream()
                .filter(message::contains)
                .findFirst()
                .orElse(asked.size() == 1 ? asked.iterator().next() : null);
        if (registry == null) {
            return null;
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

    static String secretsHint(Set<String> ids) {
        String id = ids.iterator().next();
        String named = ids.stream().map(i -> "'" + i + "'").collect(Collectors.joining(", "));
        return "The Dockerfile asks for the secret" + (ids.size() == 1 ? " " : "s ") + named
                + ", which this build was not given. Give " + (ids.size() == 1 ? "it" : "each") + " with --secret id="
                + id + ",src=FILE or --secret id=" + id + ",env=VARIABLE (CLI), or secrets: [[id: '" + id
                + "', credentialsId: '...']] with a Secret file or Secret text credential (dockerBuildPush).";
    }

    static String sshHint(String id) {
        String give = id.equals("default")
                ? "--ssh default (CLI, the agent of SSH_AUTH_SOCK), or ssh: ['default'] inside sshagent {}"
                        + " (dockerBuildPush)"
                : "--ssh " + id + "=SOCKET (CLI), or ssh: ['" + id + "=SOCKET'] (dockerBuildPush), SOCKET being"
                        + " the agent's socket";
        return "The Dockerfile mounts the SSH agent '" + id + "', and this build forwards none for it. Give it with "
                + give + ".";
    }
}
