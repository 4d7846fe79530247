package io.jenkins.plugins.dockerdelivery.ssh;

import io.jenkins.plugins.dockerdelivery.DeliveryException;

/** A remote command that did not end by itself: it timed out, was cancelled, or its connection was lost. */
public class RemoteCommandException extends DeliveryException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        TIMED_OUT,
        CANCELLED,
        CONNECTION_LOST
    }

    private final Reason reason;

    public RemoteCommandException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
