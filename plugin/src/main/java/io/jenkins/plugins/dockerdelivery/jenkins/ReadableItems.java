package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Items by full name, for a given authentication. {@code Jenkins.getItemByFullName} throws {@code
 * AccessDeniedException} to a user who may discover a job but not read it (a 403 page, a stack trace
 * in a build); looked up as SYSTEM and checked for {@link Item#READ} here, such a job is simply absent.
 */
final class ReadableItems {
    private ReadableItems() {}

    /** The item, if {@code authentication} may read it; null otherwise, and when there is none. */
    static <T extends Item> T get(String fullName, Class<T> type, Authentication authentication) {
        T item;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            item = Jenkins.get().getItemByFullName(fullName, type);
        }
        return item != null && item.hasPermission2(authentication, Item.READ) ? item : null;
    }

    /** The item, if the current user (or build) may read it. */
    static <T extends Item> T get(String fullName, Class<T> type) {
        return get(fullName, type, Jenkins.getAuthentication2());
    }
}
