package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.jenkins.plugins.dockerdelivery.AuthenticationException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileAnalyzer;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The heart of {@code dockerBuildPush}: check the registry credentials, build (context streamed),
 * then push every tag and return the digests. Every line the listener receives is masked for the
 * request's passwords.
 */
public final class DockerBuildPush {
    private final DockerEndpoint endpoint;
    private final ImagePusher.Sleeper sleeper;

    public DockerBuildPush(DockerEndpoint endpoint) {
        this(endpoint, duration -> Thread.sleep(duration.toMillis()));
    }

    DockerBuildPush(DockerEndpoint endpoint, ImagePusher.Sleeper sleeper) {
        this.endpoint = endpoint;
        this.sleeper = sleeper;
    }

    public BuildPushResult run(BuildPushRequest request, ProgressListener rawListener) {
        ProgressListener listener = rawListener.masking(request.credentials().stream()
                .map(RegistryCredentials::password)
                .toArray(Secret[]::new));
        BuildContext context = BuildContext.of(request.context(), request.dockerfile());
        try (DockerSession docker = DockerConnector.connect(endpoint)) {
            listener.log("Docker Engine " + docker.engineVersion() + " at " + endpoint.host() + ", API "
                    + docker.apiVersion());
            if (request.push()) {
                checkCredentials(docker, request, listener);
            }
            long start = System.nanoTime();
            ImageBuilder.Built built = new ImageBuilder(docker, listener).build(request, context);
            Duration buildTime = Duration.ofNanos(System.nanoTime() - start);

            List<PushedImage> pushed = new ArrayList<>();
            start = System.nanoTime();
            if (request.push()) {
                ImagePusher pusher = new ImagePusher(docker, listener, sleeper);
                for (ImageReference tag : request.tags()) {
                    pushed.add(pusher.push(
                            tag, request.credentialsFor(tag.registry()), request.pushAttempts(), request.retryDelay()));
                }
            }
            Duration pushTime = Duration.ofNanos(System.nanoTime() - start);
            return new BuildPushResult(
                    built.imageId(), built.builder(), pushed, bases(context, request), buildTime, pushTime);
        }
    }

    /** The external bases of the built target, read from the Dockerfile the build used. */
    private static List<ImageReference> bases(BuildContext context, BuildPushRequest request) {
        String text;
        try {
            text = Files.readString(context.dockerfile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + context.dockerfile(), e);
        }
        return DockerfileAnalyzer.analyze(context.dockerfile().getFileName().toString(), text, request.buildArgs())
                .externalBases(request.target());
    }

    /** Fails fast, before a long build, when the credentials for a registry to push to are wrong. */
    private static void checkCredentials(DockerSession docker, BuildPushRequest request, ProgressListener listener) {
        Set<String> registries = new LinkedHashSet<>();
        request.tags().forEach(t -> registries.add(t.registry()));
        for (String registry : registries) {
            RegistryCredentials credentials = request.credentialsFor(registry);
            if (credentials == null) {
                continue;
            }
            try {
                docker.client()
                        .authCmd()
                        .withAuthConfig(credentials.toAuthConfig())
                        .exec();
                listener.log("Logged in to " + registry + " as " + credentials.username());
            } catch (DockerException e) {
                PushFailure failure = PushFailure.classify(e.getMessage());
                if (failure.kind() == PushFailure.Kind.AUTHENTICATION) {
                    throw new AuthenticationException(
                            "Authentication failed for " + registry + " as " + credentials.username()
                                    + ". Check the user name and password (or token) of the registry credentials.",
                            e);
                }
                listener.warn("could not check the credentials for " + registry + " before the build (" + e.getMessage()
                        + "); the push will tell");
            }
        }
    }
}
