package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.DeliveryException;

/** A file of the build context could not be sent: the message names it. */
public class BuildContextException extends DeliveryException {
    private static final long serialVersionUID = 1L;

    public BuildContextException(String message, Throwable cause) {
        super(message, cause);
    }
}
