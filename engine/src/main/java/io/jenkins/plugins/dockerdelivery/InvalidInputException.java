package io.jenkins.plugins.dockerdelivery;

/** The input (a Dockerfile, an image name, a setting, a request) is wrong; retrying will not help. */
public class InvalidInputException extends DeliveryException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
