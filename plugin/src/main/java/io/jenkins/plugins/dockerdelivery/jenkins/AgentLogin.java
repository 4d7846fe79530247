package io.jenkins.plugins.dockerdelivery.jenkins;

import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import java.io.Serial;
import java.io.Serializable;

/**
 * Credentials for pulling bases from one registry on their way to the agent, inside the build's
 * callable only: the password as an engine {@link Secret} (Serializable, prints masked). It prints as
 * its registry and user alone.
 */
record AgentLogin(String registry, String user, Secret password) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The engine's credentials, made on the agent just before the build. */
    RegistryCredentials toEngine() {
        return new RegistryCredentials(registry, user, password);
    }

    @Override
    public String toString() {
        return "AgentLogin[" + user + "@" + registry + "]";
    }
}
