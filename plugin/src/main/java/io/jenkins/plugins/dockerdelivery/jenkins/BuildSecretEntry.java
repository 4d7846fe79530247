package io.jenkins.plugins.dockerdelivery.jenkins;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dockerdelivery.docker.BuildSecret;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One {@code secrets: [[id: 'npmrc', credentialsId: 'npmrc-file']]} entry of {@code dockerBuildPush}:
 * the id a {@code RUN --mount=type=secret,id=...} names, and the "Secret file" or "Secret text"
 * credentials that hold its value.
 */
public final class BuildSecretEntry extends AbstractDescribableImpl<BuildSecretEntry> {
    private final String id;
    private final String credentialsId;

    @DataBoundConstructor
    public BuildSecretEntry(String id, String credentialsId) {
        this.id = id == null ? null : id.trim();
        this.credentialsId = credentialsId == null ? null : credentialsId.trim();
    }

    public String getId() {
        return id;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @Extension
    public static class DescriptorImpl extends Descriptor<BuildSecretEntry> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Texts.get("BuildSecretEntry.DisplayName");
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsLookup.items(
                    item, credentialsId, StandardCredentials.class, CredentialsLookup.SECRET_KINDS);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return CredentialsLookup.check(item, value, StandardCredentials.class, CredentialsLookup.SECRET_KINDS);
        }

        /** Reads only its value: no permission needed. */
        @POST
        public FormValidation doCheckId(@QueryParameter String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.error(Texts.get("BuildSecretEntry.NoId"));
            }
            return BuildSecret.isId(value.trim())
                    ? FormValidation.ok()
                    : FormValidation.error(Texts.get("BuildSecretEntry.BadId"));
        }
    }
}
