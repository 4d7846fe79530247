package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.AbortException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;

/** Expected failures end a step with their message alone: no stack trace in the build log. */
final class Failures {
    private Failures() {}

    static AbortException abort(DeliveryException e) {
        return new AbortException(e.getMessage());
    }
}
