package io.jenkins.plugins.dockerdelivery;

/**
 * The one exception family of the engine. Its message is written for the person running the job:
 * what failed, where, and what to do. Callers show the message alone, without a stack trace; the
 * cause is kept for debugging only and its text must never carry a secret.
 */
public class DeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeliveryException(String message) {
        super(message);
    }

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
