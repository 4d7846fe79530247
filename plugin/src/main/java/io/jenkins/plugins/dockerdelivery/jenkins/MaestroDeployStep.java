package io.jenkins.plugins.dockerdelivery.jenkins;

import com.cloudbees.plugins.credentials.common.StandardUsernameCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.maestro.DeployResult;
import io.jenkins.plugins.dockerdelivery.maestro.MaestroDeployRequest;
import io.jenkins.plugins.dockerdelivery.maestro.MaestroDeployer;
import io.jenkins.plugins.dockerdelivery.ssh.HostKeyPolicy;
import io.jenkins.plugins.dockerdelivery.ssh.SshTarget;
import java.io.Serial;
import java.time.Duration;
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
 * {@code maestroDeploy}: SSH to the Maestro-NG host, then {@code maestro pull && maestro restart} in the
 * environment's directory, rolling and only for changed images by default. Fails unless every
 * instance reached its intended state, naming those that did not.
 *
 * <pre>
 * maestroDeploy host: 'maestro.example.com', credentialsId: 'maestro-ssh', directory: '/srv/maestro/shop',
 *               hostKeyFingerprint: 'SHA256:...', environment: "IMAGE_TAG=${env.BUILD_NUMBER}"
 * </pre>
 */
public class MaestroDeployStep extends Step {
    private final String host;
    private final String credentialsId;
    private final String directory;
    private int port = 22;
    private String file;
    private String services;
    private String instances;
    private String environment;
    private String knownHosts;
    private String hostKeyFingerprint;
    private boolean insecureSkipHostKeyVerification;
    private int concurrency = 1;
    private int stepDelay;
    private int stopStartDelay;
    private int settle;
    private boolean onlyIfChanged = true;
    private boolean pull = true;
    private boolean refreshImages;
    private String maestro = "maestro";
    private int timeoutMinutes = 30;
    private boolean validate;

    @DataBoundConstructor
    public MaestroDeployStep(String host, String credentialsId, String directory) {
        this.host = host;
        this.credentialsId = credentialsId;
        this.directory = directory;
    }

    public String getHost() {
        return host;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public String getDirectory() {
        return directory;
    }

    public int getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(int port) {
        this.port = port;
    }

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = TextFields.blankToNull(file);
    }

    public String getServices() {
        return services;
    }

    @DataBoundSetter
    public void setServices(String services) {
        this.services = TextFields.blankToNull(services);
    }

    public String getInstances() {
        return instances;
    }

    @DataBoundSetter
    public void setInstances(String instances) {
        this.instances = TextFields.blankToNull(instances);
    }

    public String getEnvironment() {
        return environment;
    }

    /** @param environment {@code NAME=value} lines, exported for maestro.yaml's templates; not for secrets */
    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = TextFields.blankToNull(environment);
    }

    public String getKnownHosts() {
        return knownHosts;
    }

    @DataBoundSetter
    public void setKnownHosts(String knownHosts) {
        this.knownHosts = TextFields.blankToNull(knownHosts);
    }

    public String getHostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    @DataBoundSetter
    public void setHostKeyFingerprint(String hostKeyFingerprint) {
        this.hostKeyFingerprint = TextFields.blankToNull(hostKeyFingerprint);
    }

    public boolean isInsecureSkipHostKeyVerification() {
        return insecureSkipHostKeyVerification;
    }

    @DataBoundSetter
    public void setInsecureSkipHostKeyVerification(boolean insecure) {
        this.insecureSkipHostKeyVerification = insecure;
    }

    public int getConcurrency() {
        return concurrency;
    }

    @DataBoundSetter
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public int getStepDelay() {
        return stepDelay;
    }

    @DataBoundSetter
    public void setStepDelay(int stepDelay) {
        this.stepDelay = stepDelay;
    }

    /** Seconds after the restart at which {@code maestro status} must still find every instance running; 0: no check. */
    public int getSettle() {
        return settle;
    }

    @DataBoundSetter
    public void setSettle(int settle) {
        this.settle = settle;
    }

    public int getStopStartDelay() {
        return stopStartDelay;
    }

    @DataBoundSetter
    public void setStopStartDelay(int stopStartDelay) {
        this.stopStartDelay = stopStartDelay;
    }

    public boolean isOnlyIfChanged() {
        return onlyIfChanged;
    }

    @DataBoundSetter
    public void setOnlyIfChanged(boolean onlyIfChanged) {
        this.onlyIfChanged = onlyIfChanged;
    }

    public boolean isPull() {
        return pull;
    }

    @DataBoundSetter
    public void setPull(boolean pull) {
        this.pull = pull;
    }

    public boolean isRefreshImages() {
        return refreshImages;
    }

    @DataBoundSetter
    public void setRefreshImages(boolean refreshImages) {
        this.refreshImages = refreshImages;
    }

    public String getMaestro() {
        return maestro;
    }

    @DataBoundSetter
    public void setMaestro(String maestro) {
        this.maestro = maestro == null || maestro.isBlank() ? "maestro" : maestro.trim();
    }

    public int getTimeoutMinutes() {
        return timeoutMinutes;
    }

    @DataBoundSetter
    public void setTimeoutMinutes(int timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    public boolean isValidate() {
        return validate;
    }

    /** @param validate read maestro.yaml over SSH and validate it before deploying */
    @DataBoundSetter
    public void setValidate(boolean validate) {
        this.validate = validate;
    }

    HostKeyPolicy hostKeyPolicy() throws AbortException {
        if (knownHosts != null) {
            return HostKeyPolicy.knownHosts(knownHosts);
        }
        if (hostKeyFingerprint != null) {
            return HostKeyPolicy.fingerprint(hostKeyFingerprint);
        }
        if (insecureSkipHostKeyVerification) {
            return HostKeyPolicy.acceptAnyInsecure();
        }
        throw new AbortException(Texts.get("MaestroDeployStep.HostKeyMissing"));
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** SSH and Maestro take a while: off the CPS thread. Stopping the build cancels the remote command. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final transient MaestroDeployStep step;

        Execution(MaestroDeployStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            CredentialsLookup.SshLogin login = CredentialsLookup.ssh(run, step.credentialsId);
            DeployResult result;
            try {
                MaestroDeployRequest.Spec request = MaestroDeployRequest.builder(
                                new SshTarget(step.host, step.port, login.user()), login.auth(), step.hostKeyPolicy())
                        .withDirectory(step.directory)
                        .withFile(step.file)
                        .withEnvironment(TextFields.keyValues("Environment", step.environment))
                        .withConcurrency(step.concurrency)
                        .withStepDelay(Duration.ofSeconds(step.stepDelay))
                        .withSettle(Duration.ofSeconds(step.settle))
                        .withStopStartDelay(Duration.ofSeconds(step.stopStartDelay))
                        .withOnlyIfChanged(step.onlyIfChanged)
                        .withRefreshImages(step.refreshImages)
                        .withMaestro(step.maestro)
                        .withValidateFirst(step.validate)
                        .withTimeout(Duration.ofMinutes(step.timeoutMinutes));
                TextFields.words(step.services).forEach(request::withService);
                TextFields.words(step.instances).forEach(request::withInstance);
                if (!step.pull) {
                    request.withActions(List.of(MaestroDeployRequest.Action.RESTART));
                }
                result = new MaestroDeployer().deploy(request.build(), new BuildLog(listener));
            } catch (DeliveryException e) {
                throw Failures.abort(e, login.auth().secrets());
            }
            listener.getLogger().print(result.table());
            if (!result.success()) {
                throw Failures.abort(result.message(), login.auth().secrets());
            }
            listener.getLogger().println(result.message());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("success", true);
            out.put("message", result.message());
            out.put(
                    "instances",
                    result.instances().stream()
                            .map(i -> Map.of(
                                    "name",
                                    i.name(),
                                    "service",
                                    i.service(),
                                    "ship",
                                    i.ship(),
                                    "before",
                                    i.before(),
                                    "container",
                                    i.container(),
                                    "status",
                                    i.status(),
                                    "change",
                                    i.change()))
                            .toList());
            return out;
        }
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "maestroDeploy";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Texts.get("MaestroDeployStep.DisplayName");
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsLookup.items(item, credentialsId, StandardUsernameCredentials.class);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return CredentialsLookup.check(item, value, StandardUsernameCredentials.class);
        }

        @POST
        public FormValidation doCheckHostKeyFingerprint(@QueryParameter String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            try {
                HostKeyPolicy.fingerprint(value);
                return FormValidation.ok();
            } catch (DeliveryException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        @POST
        public FormValidation doCheckEnvironment(@QueryParameter String value) {
            return Forms.checkKeyValues("Environment", value);
        }

        @POST
        public FormValidation doCheckInsecureSkipHostKeyVerification(@QueryParameter boolean value) {
            return value
                    ? FormValidation.warning(
                            "Without host key verification anyone between Jenkins and the host can read and change"
                                    + " the session. For a lab only.")
                    : FormValidation.ok();
        }
    }
}
