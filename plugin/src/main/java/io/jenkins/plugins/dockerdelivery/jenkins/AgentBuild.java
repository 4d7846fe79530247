package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushRequest;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushResult;
import io.jenkins.plugins.dockerdelivery.docker.BuildSecret;
import io.jenkins.plugins.dockerdelivery.docker.Builder;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.PushedImage;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.io.File;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jenkins.agents.ControllerToAgentFileCallable;

/**
 * The build and push, run on the agent that has the workspace and talks to its Docker daemon. Only
 * what the agent needs crosses the channel: strings, JDK collections, the {@code DOCKER_*} variables
 * (not the build's whole environment) and the password as an engine {@link Secret}, which prints as
 * {@code ****}. Remoting keeps and logs the callable's {@link #toString()}, so it names the build and
 * nothing else: a field added later cannot leak through it.
 */
record AgentBuild(
        String context,
        String dockerfile,
        List<String> tags,
        String buildArgs,
        String labels,
        String target,
        String platform,
        boolean pull,
        boolean noCache,
        String network,
        String builder,
        String registry,
        String user,
        Secret password,
        boolean push,
        String revision,
        String source,
        Map<String, String> dockerVariables,
        Map<String, String> basePins,
        String pinMatch,
        TaskListener listener,
        List<AgentSecret> secrets,
        Map<String, String> sshAgents,
        List<AgentLogin> pullLogins)
        implements ControllerToAgentFileCallable<AgentBuild.Outcome> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What the controller needs back: plain strings. */
    record Outcome(String imageId, String builder, Map<String, String> digests, List<String> images, List<String> bases)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** What remoting shows of this callable (in its requests and logs): the tags, no setting, no secret. */
    @Override
    public String toString() {
        return "dockerBuildPush " + String.join(" ", tags);
    }

    @Override
    public Outcome invoke(File workspace, VirtualChannel channel) throws IOException {
        // a failed RUN's message carries its last output lines: a secret it printed is masked there too
        List<Secret> masked = new ArrayList<>();
        masked.add(password);
        pullLogins.forEach(login -> masked.add(login.password()));
        try {
            List<BuildSecret> buildSecrets = new ArrayList<>();
            for (AgentSecret secret : secrets) {
                BuildSecret engineSecret = secret.toEngine();
                masked.addAll(engineSecret.maskedForms());
                buildSecrets.add(engineSecret);
            }
            Path contextDir = workspace.toPath().resolve(context).normalize();
            BuildPushRequest.Spec request = BuildPushRequest.builder(contextDir)
                    .withDockerfile(dockerfile == null ? null : Path.of(dockerfile))
                    .withBuildArgs(TextFields.keyValues("Build args", buildArgs))
                    .withLabels(TextFields.keyValues("Labels", labels))
                    .withTarget(target)
                    .withPlatform(platform)
                    .withPull(pull)
                    .withNoCache(noCache)
                    .withNetwork(network)
                    .withBuilder(Builder.parse(builder, "builder"))
                    .withPush(push)
                    .withRevision(revision)
                    .withSource(source);
            tags.forEach(request::withTag);
            // a build started by rebuildDependents: its bases at the digests its parents just pushed
            basePins.forEach((image, origin) -> request.withBasePin(BasePin.parse(image, origin)));
            if (pinMatch != null) {
                request.withPinMatch(MatchLevel.valueOf(pinMatch));
            }
            if (user != null) {
                request.withCredentials(new RegistryCredentials(registry, user, password));
            }
            // bases in other registries: the daemon asks the session for these when it pulls
            pullLogins.forEach(login -> request.withCredentials(login.toEngine()));
            buildSecrets.forEach(request::withSecret);
            sshAgents.forEach((id, socket) -> request.withSshAgent(id, Path.of(socket)));
            BuildPushRequest built = request.build();
            BuildPushResult result = new DockerBuildPush(DockerEndpoint.fromEnvironment(dockerVariables))
                    .run(built, new BuildLog(listener));
            Map<String, String> digests = new LinkedHashMap<>();
            for (PushedImage pushed : result.pushed()) {
                digests.put(pushed.tag().familiar(), pushed.digest());
                listener.getLogger().println("Pushed " + pushed.pinned().familiar());
            }
            List<String> images = new ArrayList<>();
            built.tags().forEach(t -> images.add(t.toString()));
            return new Outcome(
                    result.imageId(),
                    result.builder().name().toLowerCase(Locale.ROOT),
                    digests,
                    images,
                    result.bases().stream().map(ImageReference::toString).toList());
        } catch (DeliveryException e) {
            throw Failures.abort(e, masked.toArray(Secret[]::new));
        } finally {
            // On an agent, Pipeline's listener buffers its output and sends it on a timer: what the build
            // printed last (the push, the digests) was lost when the step ended before the next send.
            listener.getLogger().flush();
        }
    }
}
