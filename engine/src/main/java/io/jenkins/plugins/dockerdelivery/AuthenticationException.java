package io.jenkins.plugins.dockerdelivery;

/** A registry, SSH server or webhook refused the credentials given. Never retried. */
public class AuthenticationException extends DeliveryException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
