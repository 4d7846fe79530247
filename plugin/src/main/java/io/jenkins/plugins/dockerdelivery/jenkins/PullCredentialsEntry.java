package io.jenkins.plugins.dockerdelivery.jenkins;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One {@code pullCredentials: [[registry: 'base.example.com:5000', credentialsId: 'base-registry']]}
 * entry of {@code dockerBuildPush}: "Username with password" credentials for pulling bases from a
 * registry other than the one the step pushes to (the push registry's credentials serve its pulls
 * already).
 */
public final class PullCredentialsEntry extends AbstractDescribableImpl<PullCredentialsEntry> {
    private final String registry;
    private final String credentialsId;

    @DataBoundConstructor
    public PullCredentialsEntry(String registry, String credentialsId) {
        this.registry = registry == null ? null : registry.trim();
        this.credentialsId = credentialsId == null ? null : credentialsId.trim();
    }

    public String getRegistry() {
        return registry;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @Extension
    public static class DescriptorImpl extends Descriptor<PullCredentialsEntry> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Texts.get("PullCredentialsEntry.DisplayName");
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsLookup.items(item, credentialsId, StandardUsernamePasswordCredentials.class);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return CredentialsLookup.check(item, value, StandardUsernamePasswordCredentials.class);
        }

        /** Reads only its value: no permission needed. */
        @POST
        public FormValidation doCheckRegistry(@QueryParameter String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.error(Texts.get("PullCredentialsEntry.NoRegistry"));
            }
            return value.trim().contains(" ") || value.trim().contains("@")
                    ? FormValidation.error(Texts.get("PullCredentialsEntry.BadRegistry"))
                    : FormValidation.ok();
        }
    }
}
