package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.util.FormValidation;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.TextFields;

/**
 * Checks several form fields share. They only read the value they are given, so they need no
 * permission (the Pipeline Syntax page serves them to every user with Overall/Read); the methods
 * that list or check credentials keep the Credentials plugin's gate ({@link CredentialsLookup}).
 */
final class Forms {
    private Forms() {}

    static FormValidation checkKeyValues(String what, String value) {
        try {
            TextFields.keyValues(what, value);
            return FormValidation.ok();
        } catch (DeliveryException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
