package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.AbortException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.SecretMasker;

/**
 * Expected failures end a step with their message alone: no stack trace in the build log. This is
 * where a step's failure reaches the user, so the message is masked for every secret the step was
 * given (a failed RUN's step name can carry an expanded build arg).
 */
final class Failures {
    private Failures() {}

    static AbortException abort(DeliveryException e, Secret... secrets) {
        return abort(e.getMessage(), secrets);
    }

    static AbortException abort(String message, Secret... secrets) {
        return new AbortException(SecretMasker.of(secrets).mask(message));
    }
}
