package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.docker.BuildPushRequest;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushResult;
import io.jenkins.plugins.dockerdelivery.docker.Builder;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.PushedImage;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "build-push",
        mixinStandardHelpOptions = true,
        description = {
            "Builds an image through the Docker Engine API (context streamed, BuildKit or classic), tags it and"
                    + " pushes every tag, then prints the digests.",
            "The Docker daemon is found as the docker CLI finds it: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH.",
            "The registry password is read from standard input (--registry-password-stdin) or from the environment"
                    + " variable " + BuildPushCommand.PASSWORD_ENV + ", never from an argument."
        })
final class BuildPushCommand implements Callable<Integer> {
    static final String PASSWORD_ENV = RegistryOptions.PASSWORD_ENV;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--context", required = true, paramLabel = "DIR", description = "The build context.")
    Path context;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "The Dockerfile (default: Dockerfile in the context).")
    Path dockerfile;

    @Option(
            names = {"-t", "--tag"},
            required = true,
            paramLabel = "REF",
            description = "An image reference to tag and push (repeatable).")
    List<String> tags;

    @Option(names = "--build-arg", paramLabel = "NAME=VALUE", description = "A build arg (repeatable).")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = "A label (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--target", description = "The stage to build.")
    String target;

    @Option(names = "--platform", description = "The platform to build for, such as linux/amd64.")
    String platform;

    @Option(names = "--pull", description = "Always try to pull a newer base image.")
    boolean pull;

    @Option(names = "--no-cache", description = "Do not use the build cache.")
    boolean noCache;

    @Option(names = "--network", description = "The network for RUN instructions.")
    String network;

    @Option(
            names = "--builder",
            defaultValue = "auto",
            description = "auto, buildkit or classic (default: ${DEFAULT-VALUE}).")
    String builder;

    @picocli.CommandLine.Mixin
    RegistryOptions registryOptions = new RegistryOptions();

    @Option(
            names = "--pin-base",
            paramLabel = "IMAGE@DIGEST",
            description = "Build the Dockerfile's references to IMAGE (FROM, COPY --from, RUN --mount from) at this"
                    + " digest, e.g. registry/team/base:7@sha256:... (repeatable).")
    List<String> pinBases = new java.util.ArrayList<>();

    @Option(names = "--no-push", description = "Build and tag only.")
    boolean noPush;

    @Option(names = "--revision", description = "The commit built (label org.opencontainers.image.revision).")
    String revision;

    @Option(names = "--source", description = "The source repository URL (label org.opencontainers.image.source).")
    String source;

    @Option(
            names = "--push-attempts",
            defaultValue = "5",
            description = "Attempts for a push that fails for a transient reason (default: ${DEFAULT-VALUE}).")
    int pushAttempts;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        BuildPushRequest.Spec request = BuildPushRequest.builder(context)
                .withDockerfile(dockerfile)
                .withBuildArgs(buildArgs)
                .withLabels(labels)
                .withTarget(target)
                .withPlatform(platform)
                .withPull(pull)
                .withNoCache(noCache)
                .withNetwork(network)
                .withBuilder(Builder.parse(builder, "--builder"))
                .withPush(!noPush)
                .withRevision(revision)
                .withSource(source)
                .withPushAttempts(pushAttempts);
        tags.forEach(request::withTag);
        RegistryCredentials credentials =
                registryOptions.credentials(ImageReference.parse(tags.get(0)).registry());
        if (credentials != null) {
            request.withCredentials(credentials);
        }
        pinBases.forEach(pin -> request.withBasePin(BasePin.parse(pin, "given with --pin-base")));

        BuildPushResult result = new DockerBuildPush(DockerEndpoint.fromEnvironment(System.getenv()))
                .run(request.build(), new ConsoleListener(out));
        out.println();
        out.println("Image " + result.imageId() + " (" + result.builder().name().toLowerCase(Locale.ROOT) + " builder, "
                + result.buildTime().toMillis() + " ms)");
        for (PushedImage pushed : result.pushed()) {
            out.println(pushed.pinned().familiar());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
