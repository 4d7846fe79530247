package io.jenkins.plugins.dockerdelivery.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Job;
import hudson.triggers.Trigger;
import hudson.triggers.TriggerDescriptor;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.gitlab.RefFilter;
import io.jenkins.plugins.dockerdelivery.gitlab.TriggerSettings;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookEndpoint;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Builds the job when GitLab posts a push (or tag push) hook to {@code JENKINS_URL/docker-delivery-gitlab/JOB}.
 * What to build on is the engine's decision ({@code gitlab decide} runs the same one); this holds the
 * job's settings.
 */
public class GitLabPushTrigger extends Trigger<Job<?, ?>> {
    private Secret secretToken;
    private boolean requireToken = true;
    private String project;
    private boolean buildOnPush = true;
    private boolean buildOnTagPush;
    private String branchesInclude;
    private String branchesExclude;
    private String branchesRegex;
    private String tagsInclude;
    private String tagsExclude;
    private String skipMarkers = String.join("\n", TriggerSettings.DEFAULT_SKIP_MARKERS);

    @DataBoundConstructor
    public GitLabPushTrigger() {
        super();
    }

    /** The settings, as the engine's decision takes them. */
    TriggerSettings settings() {
        return TriggerSettings.fromForm(
                project,
                buildOnPush,
                buildOnTagPush,
                branchesInclude,
                branchesExclude,
                branchesRegex,
                tagsInclude,
                tagsExclude,
                skipMarkers,
                engineToken(),
                requireToken);
    }

    /** The job, as the webhook endpoint sees it: the token first, the filters only once it is verified. */
    WebhookEndpoint.Target target(String jobName) {
        io.jenkins.plugins.dockerdelivery.Secret token = engineToken();
        boolean require = requireToken;
        return new WebhookEndpoint.Target() {
            @Override
            public String name() {
                return jobName;
            }

            @Override
            public io.jenkins.plugins.dockerdelivery.Secret secretToken() {
                return token;
            }

            @Override
            public boolean requireToken() {
                return require;
            }

            @Override
            public TriggerSettings settings() {
                return GitLabPushTrigger.this.settings();
            }
        };
    }

    private io.jenkins.plugins.dockerdelivery.Secret engineToken() {
        return secretToken == null || secretToken.getPlainText().isEmpty()
                ? null
                : io.jenkins.plugins.dockerdelivery.Secret.of(secretToken.getPlainText());
    }

    public Secret getSecretToken() {
        return secretToken;
    }

    @DataBoundSetter
    public void setSecretToken(Secret secretToken) {
        this.secretToken = secretToken;
    }

    public boolean isRequireToken() {
        return requireToken;
    }

    @DataBoundSetter
    public void setRequireToken(boolean requireToken) {
        this.requireToken = requireToken;
    }

    public String getProject() {
        return project;
    }

    @DataBoundSetter
    public void setProject(String project) {
        this.project = TextFields.blankToNull(project);
    }

    public boolean isBuildOnPush() {
        return buildOnPush;
    }

    @DataBoundSetter
    public void setBuildOnPush(boolean buildOnPush) {
        this.buildOnPush = buildOnPush;
    }

    public boolean isBuildOnTagPush() {
        return buildOnTagPush;
    }

    @DataBoundSetter
    public void setBuildOnTagPush(boolean buildOnTagPush) {
        this.buildOnTagPush = buildOnTagPush;
    }

    public String getBranchesInclude() {
        return branchesInclude;
    }

    @DataBoundSetter
    public void setBranchesInclude(String branchesInclude) {
        this.branchesInclude = TextFields.blankToNull(branchesInclude);
    }

    public String getBranchesExclude() {
        return branchesExclude;
    }

    @DataBoundSetter
    public void setBranchesExclude(String branchesExclude) {
        this.branchesExclude = TextFields.blankToNull(branchesExclude);
    }

    public String getBranchesRegex() {
        return branchesRegex;
    }

    @DataBoundSetter
    public void setBranchesRegex(String branchesRegex) {
        this.branchesRegex = TextFields.blankToNull(branchesRegex);
    }

    public String getTagsInclude() {
        return tagsInclude;
    }

    @DataBoundSetter
    public void setTagsInclude(String tagsInclude) {
        this.tagsInclude = TextFields.blankToNull(tagsInclude);
    }

    public String getTagsExclude() {
        return tagsExclude;
    }

    @DataBoundSetter
    public void setTagsExclude(String tagsExclude) {
        this.tagsExclude = TextFields.blankToNull(tagsExclude);
    }

    public String getSkipMarkers() {
        return skipMarkers;
    }

    /** @param skipMarkers one a line; a push whose head commit message holds one does not build */
    @DataBoundSetter
    public void setSkipMarkers(String skipMarkers) {
        this.skipMarkers = skipMarkers == null ? "" : skipMarkers;
    }

    @Extension
    @Symbol("gitlabPush")
    public static class DescriptorImpl extends TriggerDescriptor {
        @Override
        public boolean isApplicable(Item item) {
            return item instanceof ParameterizedJobMixIn.ParameterizedJob;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Texts.get("GitLabPushTrigger.DisplayName");
        }

        /** The URL to give GitLab for the job being configured. */
        public String getHookUrl() {
            StaplerRequest2 request = Stapler.getCurrentRequest2();
            return hookUrl(request == null ? null : request.findAncestorObject(Item.class));
        }

        /** The URL to give GitLab for this job. */
        public String hookUrl(Item item) {
            String root = Jenkins.get().getRootUrl();
            return (root == null ? "JENKINS_URL/" : root) + GitLabWebhook.URL_NAME + "/"
                    + (item == null ? "JOB" : item.getFullName());
        }

        @POST
        public FormValidation doCheckBranchesRegex(@QueryParameter String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            try {
                RefFilter.regex(value.trim());
                return FormValidation.ok();
            } catch (DeliveryException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        @POST
        public FormValidation doCheckRequireToken(@QueryParameter boolean value, @QueryParameter Secret secretToken) {
            if (value && (secretToken == null || secretToken.getPlainText().isEmpty())) {
                return FormValidation.warning("No secret token is set: every delivery will be refused until one is");
            }
            if (!value && (secretToken == null || secretToken.getPlainText().isEmpty())) {
                return FormValidation.warning("Without a secret token anyone who can reach Jenkins can start this job");
            }
            return FormValidation.ok();
        }
    }
}
