package io.jenkins.plugins.dockerdelivery.jenkins;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.SshAgents;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code dockerBuildPush}: builds an image from the workspace through the agent's Docker Engine, tags
 * it, pushes every tag with registry credentials from the Credentials plugin, records it in the
 * base-image graph, and returns the digests.
 *
 * <pre>
 * def image = dockerBuildPush tags: 'registry.example.com:5000/team/app:1.4 registry.example.com:5000/team/app:latest',
 *                             credentialsId: 'registry'
 * echo image.pinned   // registry.example.com:5000/team/app:1.4@sha256:...
 * </pre>
 */
public class DockerBuildPushStep extends Step {
    private final String tags;
    private String context = ".";
    private String dockerfile;
    private String buildArgs;
    private String labels;
    private String target;
    private String platform;
    private boolean pull;
    private boolean noCache;
    private String network;
    private String builder = "auto";
    private String credentialsId;
    private String registry;
    private boolean push = true;
    private List<BuildSecretEntry> secrets = List.of();
    private List<PullCredentialsEntry> pullCredentials = List.of();
    private List<String> ssh = List.of();

    /** @param tags the image references to tag and push: separated by spaces, commas or lines */
    @DataBoundConstructor
    public DockerBuildPushStep(String tags) {
        this.tags = tags;
    }

    public String getTags() {
        return tags;
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = context == null || context.isBlank() ? "." : context.trim();
    }

    public String getDockerfile() {
        return dockerfile;
    }

    @DataBoundSetter
    public void setDockerfile(String dockerfile) {
        this.dockerfile = TextFields.blankToNull(dockerfile);
    }

    public String getBuildArgs() {
        return buildArgs;
    }

    /** @param buildArgs {@code NAME=value}, one a line */
    @DataBoundSetter
    public void setBuildArgs(String buildArgs) {
        this.buildArgs = TextFields.blankToNull(buildArgs);
    }

    public String getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = TextFields.blankToNull(labels);
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = TextFields.blankToNull(target);
    }

    public String getPlatform() {
        return platform;
    }

    @DataBoundSetter
    public void setPlatform(String platform) {
        this.platform = TextFields.blankToNull(platform);
    }

    public boolean isPull() {
        return pull;
    }

    @DataBoundSetter
    public void setPull(boolean pull) {
        this.pull = pull;
    }

    public boolean isNoCache() {
        return noCache;
    }

    @DataBoundSetter
    public void setNoCache(boolean noCache) {
        this.noCache = noCache;
    }

    public String getNetwork() {
        return network;
    }

    @DataBoundSetter
    public void setNetwork(String network) {
        this.network = TextFields.blankToNull(network);
    }

    public String getBuilder() {
        return builder;
    }

    /** @param builder {@code auto}, {@code buildkit} or {@code classic} */
    @DataBoundSetter
    public void setBuilder(String builder) {
        this.builder = builder == null || builder.isBlank() ? "auto" : builder.trim();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = TextFields.blankToNull(credentialsId);
    }

    public String getRegistry() {
        return registry;
    }

    /** @param registry the registry the credentials are for; default: the first tag's */
    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = TextFields.blankToNull(registry);
    }

    public boolean isPush() {
        return push;
    }

    @DataBoundSetter
    public void setPush(boolean push) {
        this.push = push;
    }

    public List<BuildSecretEntry> getSecrets() {
        return secrets;
    }

    /** @param secrets {@code [[id: 'npmrc', credentialsId: '...']]}: Secret file or Secret text credentials */
    @DataBoundSetter
    public void setSecrets(List<BuildSecretEntry> secrets) {
        this.secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    public List<PullCredentialsEntry> getPullCredentials() {
        return pullCredentials;
    }

    /**
     * @param pullCredentials {@code [[registry: 'base.example.com', credentialsId: '...']]}: Username with
     *     password credentials for bases in registries other than the one pushed to
     */
    @DataBoundSetter
    public void setPullCredentials(List<PullCredentialsEntry> pullCredentials) {
        this.pullCredentials = pullCredentials == null ? List.of() : List.copyOf(pullCredentials);
    }

    public List<String> getSsh() {
        return ssh;
    }

    /** @param ssh SSH agents for {@code RUN --mount=type=ssh}: {@code default} (SSH_AUTH_SOCK) or {@code ID=SOCKET} */
    @DataBoundSetter
    public void setSsh(List<String> ssh) {
        List<String> agents = new java.util.ArrayList<>();
        if (ssh != null) {
            ssh.forEach(s -> agents.addAll(TextFields.words(s))); // the form's one text box: several, split
        }
        this.ssh = List.copyOf(agents);
    }

    /** The agents as the form's text box shows them. */
    public String getSshText() {
        return String.join(" ", ssh);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Runs off the CPS thread: the build and push take minutes. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final transient DockerBuildPushStep step;

        Execution(DockerBuildPushStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars env = getContext().get(EnvVars.class);
            List<String> tags = TextFields.words(step.tags);
            String user = null;
            Secret password = null;
            String credentialsRegistry = null;
            if (step.credentialsId != null) {
                StandardUsernamePasswordCredentials c = CredentialsLookup.usernamePassword(run, step.credentialsId);
                user = c.getUsername();
                password = Secret.of(c.getPassword().getPlainText());
                credentialsRegistry = step.registry != null ? step.registry : firstRegistry(tags);
            }
            RebuildTriggerAction rebuild = run.getAction(RebuildTriggerAction.class);
            Map<String, String> basePins = new LinkedHashMap<>();
            if (rebuild != null) {
                rebuild.basePins().forEach(p -> basePins.put(p.image().toString(), p.origin()));
                listener.getLogger()
                        .println("This build is part of a rebuild: the bases its parents just pushed are pinned ("
                                + basePins.size() + " known)");
            }
            List<AgentSecret> secrets = new java.util.ArrayList<>();
            for (BuildSecretEntry entry : step.secrets) {
                if (entry.getId() == null || entry.getId().isEmpty() || entry.getCredentialsId() == null) {
                    throw new hudson.AbortException(
                            "Each build secret needs an id and a credentialsId: secrets: [[id: 'npmrc', credentialsId: '...']]");
                }
                secrets.add(CredentialsLookup.buildSecret(run, entry.getId(), entry.getCredentialsId()));
            }
            if (!step.secrets.isEmpty()) {
                // which credentials feed which mount: the ids only, never a value
                listener.getLogger()
                        .println("Build secrets: "
                                + String.join(
                                        ", ",
                                        step.secrets.stream()
                                                .map(e ->
                                                        e.getId() + " from credentials '" + e.getCredentialsId() + "'")
                                                .toList()));
            }
            List<AgentLogin> pullLogins = pullLogins(run, step.pullCredentials, listener);
            Map<String, String> agents = sshAgents(step.ssh, env);
            if (!agents.isEmpty()) {
                listener.getLogger().println("SSH agents forwarded: " + String.join(", ", agents.keySet()));
            }
            AgentBuild build = new AgentBuild(
                    step.context,
                    step.dockerfile,
                    tags,
                    step.buildArgs,
                    step.labels,
                    step.target,
                    step.platform,
                    step.pull,
                    step.noCache,
                    step.network,
                    step.builder,
                    credentialsRegistry,
                    user,
                    password,
                    step.push,
                    env.get("GIT_COMMIT", env.get("GITLAB_AFTER")),
                    env.get("GIT_URL", env.get("GITLAB_REPO_URL")),
                    DockerEndpoint.variablesOf(env),
                    basePins,
                    rebuild == null ? null : rebuild.matchLevel().name(),
                    listener,
                    secrets,
                    agents,
                    pullLogins);
            AgentBuild.Outcome outcome = workspace.act(build);
            PushedDigestsAction.record(run, outcome.digests());
            if (step.push) {
                // a second dockerBuildPush of the build adds to its record: the job builds both images
                PushedImagesAction pushed = PushedImagesAction.add(run, outcome.images(), outcome.bases());
                ImageGraphStore.get().record(run.getParent().getFullName(), pushed.getImages(), pushed.getBases());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("imageId", outcome.imageId());
            result.put("builder", outcome.builder());
            result.put("digests", new LinkedHashMap<>(outcome.digests()));
            result.put(
                    "pinned",
                    outcome.digests().entrySet().stream()
                            .map(e -> ImageReference.parse(e.getKey())
                                    .withDigest(e.getValue())
                                    .familiar())
                            .toList());
            result.put("bases", outcome.bases());
            return result;
        }

        /**
         * The pull credentials' passwords, looked up for this build's job; the log names which credentials
         * serve which registry, never a password.
         */
        private static List<AgentLogin> pullLogins(
                Run<?, ?> run, List<PullCredentialsEntry> entries, TaskListener listener) throws hudson.AbortException {
            List<AgentLogin> logins = new java.util.ArrayList<>();
            for (PullCredentialsEntry entry : entries) {
                if (entry.getRegistry() == null
                        || entry.getRegistry().isEmpty()
                        || entry.getCredentialsId() == null
                        || entry.getCredentialsId().isEmpty()) {
                    throw new hudson.AbortException("Each pull credentials entry needs a registry and a credentialsId:"
                            + " pullCredentials: [[registry: 'base-registry.example.com', credentialsId: '...']]");
                }
                StandardUsernamePasswordCredentials c =
                        CredentialsLookup.usernamePassword(run, entry.getCredentialsId());
                logins.add(new AgentLogin(
                        entry.getRegistry(),
                        c.getUsername(),
                        Secret.of(c.getPassword().getPlainText())));
            }
            if (!logins.isEmpty()) {
                listener.getLogger()
                        .println("Credentials for pulling bases: "
                                + String.join(
                                        ", ",
                                        entries.stream()
                                                .map(e -> e.getRegistry() + " from credentials '" + e.getCredentialsId()
                                                        + "'")
                                                .toList()));
            }
            return logins;
        }

        /** id → agent socket on the agent, {@code default} being the build's SSH_AUTH_SOCK (set by sshagent {}). */
        private static Map<String, String> sshAgents(List<String> options, EnvVars env) throws hudson.AbortException {
            Map<String, String> agents = new LinkedHashMap<>();
            try {
                for (String option : options) {
                    Map.Entry<String, java.nio.file.Path> agent = SshAgents.parse(option, env);
                    agents.put(agent.getKey(), agent.getValue().toString());
                }
            } catch (DeliveryException e) {
                throw Failures.abort(e);
            }
            return agents;
        }

        private static String firstRegistry(List<String> tags) throws hudson.AbortException {
            try {
                return tags.isEmpty()
                        ? "docker.io"
                        : ImageReference.parse(tags.get(0)).registry();
            } catch (DeliveryException e) {
                throw Failures.abort(e);
            }
        }
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "dockerBuildPush";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Texts.get("DockerBuildPushStep.DisplayName");
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsLookup.items(item, credentialsId, StandardUsernamePasswordCredentials.class);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return CredentialsLookup.check(item, value, StandardUsernamePasswordCredentials.class);
        }

        @POST
        public ListBoxModel doFillBuilderItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Texts.get("Builder.Auto"), "auto");
            items.add("BuildKit", "buildkit");
            items.add(Texts.get("Builder.Classic"), "classic");
            return items;
        }

        @POST
        public FormValidation doCheckTags(@QueryParameter String value) {
            List<String> tags = TextFields.words(value);
            if (tags.isEmpty()) {
                return FormValidation.error(Texts.get("DockerBuildPushStep.NoTags"));
            }
            for (String tag : tags) {
                try {
                    ImageReference.parse(tag);
                } catch (DeliveryException e) {
                    // the step takes the tags as given: a Jenkinsfile puts values in with Groovy strings
                    return FormValidation.error(
                            tag.contains("$")
                                    ? e.getMessage() + " " + Texts.get("DockerBuildPushStep.NoExpansion")
                                    : e.getMessage());
                }
            }
            return FormValidation.ok();
        }

        /** Reads only its value: no permission needed. The agent of {@code default} is the build's, unknown here. */
        @POST
        public FormValidation doCheckSsh(@QueryParameter String value) {
            for (String option : TextFields.words(value)) {
                try {
                    SshAgents.checkSyntax(option);
                } catch (DeliveryException e) {
                    return FormValidation.error(e.getMessage());
                }
            }
            return FormValidation.ok();
        }

        @POST
        public FormValidation doCheckBuildArgs(@QueryParameter String value) {
            return Forms.checkKeyValues("Build args", value);
        }

        @POST
        public FormValidation doCheckLabels(@QueryParameter String value) {
            return Forms.checkKeyValues("Labels", value);
        }
    }
}
