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
    private final String outcome;

    public RemoteCommandException(Reason reason, String message) {
        this(reason, message, "");
    }

    /** @param outcome what became of the remote process: "it was stopped (...)", "it may still be running ..." */
    public RemoteCommandException(Reason reason, String message, String outcome) {
        super(message);
        this.reason = reason;
        this.outcome = outcome;
    }

    /** What became of the remote process after a timeout or a cancel; empty when not known. */
    public String outcome() {
        return outcome;
    }

    public Reason reason() {
        return reason;
    }
}
