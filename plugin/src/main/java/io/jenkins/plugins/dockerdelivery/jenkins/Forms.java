package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.TextFields;
import jenkins.model.Jenkins;

/** What every form method of this plugin does first, and the checks several share. */
final class Forms {
    private Forms() {}

    /** Form methods answer only those who may configure the job (or administer, outside a job). */
    static void checkConfigure(Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    static FormValidation checkKeyValues(String what, String value) {
        try {
            TextFields.keyValues(what, value);
            return FormValidation.ok();
        } catch (DeliveryException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
