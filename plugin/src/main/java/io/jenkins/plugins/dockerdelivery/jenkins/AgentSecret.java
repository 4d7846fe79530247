package io.jenkins.plugins.dockerdelivery.jenkins;

import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.BuildSecret;
import java.io.Serial;
import java.io.Serializable;
import java.util.Base64;

/**
 * One build secret on its way to the agent, inside the build's callable only: the id, and the value as
 * an engine {@link Secret} (Serializable, prints masked; a secret file's bytes as base64). It prints as
 * its id alone.
 */
record AgentSecret(String id, Secret value, boolean file) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The engine's secret, made on the agent just before the build. */
    BuildSecret toEngine() {
        return file
                ? BuildSecret.ofBytes(id, Base64.getDecoder().decode(value.reveal()))
                : BuildSecret.ofText(id, value);
    }

    @Override
    public String toString() {
        return "AgentSecret[" + id + "]";
    }
}
