package io.jenkins.plugins.dockerdelivery;

/** A daemon, registry or host could not be reached, or the connection broke. */
public class ConnectionException extends DeliveryException {
    private static final long serialVersionUID = 1L;

    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
