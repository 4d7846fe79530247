package io.jenkins.plugins.dockerdelivery.ssh;

import io.jenkins.plugins.dockerdelivery.DeliveryException;

/** The server's host key is unknown or not the expected one: the connection was refused. */
public class HostKeyException extends DeliveryException {
    private static final long serialVersionUID = 1L;

    private final String presentedFingerprint;

    public HostKeyException(String message, String presentedFingerprint) {
        super(message);
        this.presentedFingerprint = presentedFingerprint;
    }

    /** The fingerprint of the key the server presented, {@code SHA256:...}. */
    public String presentedFingerprint() {
        return presentedFingerprint;
    }
}
