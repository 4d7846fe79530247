package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.docker.BuildPushRequest;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushResult;
import io.jenkins.plugins.dockerdelivery.docker.Builder;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.PushedImage;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import io.jenkins.plugins.dockerdelivery.docker.SshAgents;
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
        versionProvider = VersionProvider.class,
        description = {
            "Builds an image through the Docker Engine API (context streamed, BuildKit or classic), tags it and"
                    + " pushes every tag, then prints the digests.",
            "The Docker daemon is found as the docker CLI finds it: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH.",
            "The registry password is read from standard input (--registry-password-stdin) or from the environment"
                    + " variable " + BuildPushCommand.PASSWORD_ENV + ", never from an argument.",
            "With BuildKit the build runs through a session: only changed files of the context are sent again,"
                    + " registry credentials serve pulls of bases too, and --secret and --ssh are available."
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

    @Option(
            names = "--secret",
            paramLabel = "id=ID,src=FILE|env=VAR",
            description = "A secret for RUN --mount=type=secret,id=ID, from a file or an environment variable"
                    + " (repeatable). Never in the image or the log.")
    List<String> secrets = List.of();

    @Option(
            names = "--ssh",
            paramLabel = "ID[=SOCKET]",
            description = "An SSH agent for RUN --mount=type=ssh (repeatable); 'default' alone means SSH_AUTH_SOCK.")
    List<String> ssh = List.of();

    @Option(
            names = "--registry-auth",
            paramLabel = "HOST=USER[,password-file=FILE|password-env=VAR]",
            description = "Credentials for pulling bases from another registry (repeatable). The password comes from"
                    + " the file, the variable, or else " + SessionOptions.REGISTRY_PASSWORD_ENV_PREFIX
                    + "<HOST> (upper case, other characters as _).")
    List<String> registryAuth = List.of();

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

        Map<String, String> env = System.getenv();
        secrets.forEach(option -> request.withSecret(SessionOptions.secret(option, env)));
        for (String option : ssh) {
            Map.Entry<String, Path> agent = SshAgents.parse(option, env);
            request.withSshAgent(agent.getKey(), agent.getValue());
        }
        registryAuth.forEach(option -> request.withCredentials(SessionOptions.registryAuth(option, env)));

        BuildPushResult result = new DockerBuildPush(DockerEndpoint.fromEnvironment(System.getenv()))
                .run(request.build(), new ConsoleListener(out));
        out.println();
        out.println("Image " + result.imageId() + " (" + result.builder().name().toLowerCase(Locale.ROOT) + " builder, "
                + result.buildTime().toMillis() + " ms)");
        for (PushedImage pushed : result.pushed()) {
            out.println(pushed.pinned().familiar());
        }
        out.flush();
        ClassArchiveMark.leave(env);
        return ExitCodes.OK;
    }
}
