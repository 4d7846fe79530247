package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.jenkins.plugins.dockerdelivery.AuthenticationException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.TextFiles;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileAnalyzer;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfilePinner;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heart of {@code dockerBuildPush}: check the registry credentials, build (context streamed),
 * then push every tag and return the digests. Every line the listener receives is masked for the
 * request's passwords.
 */
public final class DockerBuildPush {
    static final String OCI_BASE_NAME = "org.opencontainers.image.base.name";
    static final String OCI_BASE_DIGEST = "org.opencontainers.image.base.digest";
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
        Secret[] passwords = java.util.stream.Stream.concat(
                        request.credentials().stream().map(RegistryCredentials::password),
                        request.secrets().stream().flatMap(s -> s.maskedForms().stream()))
                .toArray(Secret[]::new);
        ProgressListener listener = rawListener.masking(passwords);
        BuildContext context = BuildContext.of(request.context(), request.dockerfile());
        // analysed before anything is built: a Dockerfile the analysis refuses must not be pushed first
        String dockerfileText = dockerfileText(context, request, listener);
        List<ImageReference> bases = bases(context, request, dockerfileText);
        warnAboutSecretBuildArgs(request, listener);
        if (!request.basePins().isEmpty()) {
            request = pinned(request, context, dockerfileText, listener);
        }
        if (request.dockerfileOverride() != null) {
            context = context.withDockerfileContent(request.dockerfileOverride());
        }
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
                PushRetry retry = new PushRetry(request.pushAttempts(), request.retryDelay());
                for (ImageReference tag : request.tags()) {
                    pushed.add(pusher.push(built.imageId(), tag, request.credentialsFor(tag.registry()), retry));
                }
            }
            Duration pushTime = Duration.ofNanos(System.nanoTime() - start);
            return new BuildPushResult(built.imageId(), built.builder(), pushed, bases, buildTime, pushTime);
        }
    }

    /** A build arg is stored in the image's history for anyone who pulls it: never a registry password. */
    private static void warnAboutSecretBuildArgs(BuildPushRequest request, ProgressListener listener) {
        request.buildArgs().forEach((name, value) -> {
            for (RegistryCredentials credentials : request.credentials()) {
                String password = credentials.password().reveal();
                if (value != null && password.length() >= 3 && value.contains(password)) {
                    listener.warn("the build arg " + name + " holds the registry password for "
                            + credentials.registry() + ": build args end up in the image's history (docker"
                            + " history) for anyone who pulls it. Pass secrets as build secrets instead.");
                }
            }
        });
    }

    /** The Dockerfile as the user wrote it: the override if the request has one, else the file. */
    private static String dockerfileText(BuildContext context, BuildPushRequest request, ProgressListener listener) {
        if (request.dockerfileOverride() != null) {
            return request.dockerfileOverride();
        }
        TextFiles.Text text = TextFiles.read(context.dockerfile(), TextFiles.DEFAULT_LIMIT);
        if (text.firstBadLine() > 0) {
            listener.warn(TextFiles.notUtf8(context.dockerfile(), text.firstBadLine())
                    + "; it is read with replacement characters there, as BuildKit reads it");
        }
        return text.text();
    }

    /**
     * The external bases of the built target, as the Dockerfile names them (unpinned): what the
     * dependency graph records.
     */
    private static List<ImageReference> bases(BuildContext context, BuildPushRequest request, String text) {
        return DockerfileAnalyzer.analyze(context.dockerfile().getFileName().toString(), text, request.buildArgs())
                .externalBases(request.target());
    }

    /**
     * The request with its Dockerfile's references to the pinned bases rewritten to their digests (one
     * log line each) and the OCI base labels of the image it is FROM, when that one is pinned.
     */
    private static BuildPushRequest pinned(
            BuildPushRequest request, BuildContext context, String text, ProgressListener listener) {
        DockerfilePinner.Result result = DockerfilePinner.pin(
                context.dockerfile().getFileName().toString(),
                text,
                request.buildArgs(),
                request.target(),
                request.basePins(),
                request.pinMatch());
        result.applied().forEach(applied -> listener.log(applied.describe()));
        if (result.applied().isEmpty()) {
            listener.log("No reference of the Dockerfile matches the pinned bases ("
                    + String.join(
                            ", ",
                            request.basePins().stream()
                                    .map(p -> p.image().familiar())
                                    .toList())
                    + "): built as written");
            return request;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (result.finalBase() != null) {
            labels.put(OCI_BASE_NAME, result.finalBase().baseName());
            labels.put(OCI_BASE_DIGEST, result.finalBase().digest());
        }
        return request.withResolvedDockerfile(result.text(), labels);
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
