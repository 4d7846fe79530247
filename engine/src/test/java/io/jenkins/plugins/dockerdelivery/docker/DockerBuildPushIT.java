package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.jenkins.plugins.dockerdelivery.AuthenticationException;
import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.testenv.RegistryControl;
import io.jenkins.plugins.dockerdelivery.testenv.TestDaemon;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Builds and pushes through the real Docker Engine and the real registries of the test environment. */
class DockerBuildPushIT {
    private static TestEnvironment env;
    private static TestDaemon daemon;
    private static DockerClient client;

    @TempDir
    Path ctx;

    @BeforeAll
    static void connect() {
        env = TestEnvironment.require();
        daemon = TestDaemon.connect(env);
        client = daemon.client();
    }

    @AfterAll
    static void close() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Path write(String name, String content) throws IOException {
        Path file = ctx.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private BuildPushResult run(BuildPushRequest request, ProgressListener listener) {
        return new DockerBuildPush(DockerEndpoint.of(env.dockerHost())).run(request, listener);
    }

    @ParameterizedTest
    @EnumSource(
            value = Builder.class,
            names = {"CLASSIC", "BUILDKIT"})
    void multiStageBuildWithArgsTargetAndLabels(Builder builder) throws IOException {
        write("Dockerfile", """
                ARG BASE=%s
                FROM ${BASE} AS build
                ARG GREETING=hello
                RUN mkdir /out && echo "$GREETING from build" > /out/greeting.txt
                FROM ${BASE} AS runtime
                COPY --from=build /out/greeting.txt /greeting.txt
                COPY app.txt /app.txt
                FROM runtime AS debug
                RUN echo debug > /debug.txt
                """.formatted(env.baseImage()));
        write("app.txt", "app");
        String tag = unique("dd-test/multistage") + ":1";
        RecordingListener log = new RecordingListener();

        BuildPushResult result = run(
                BuildPushRequest.builder(ctx)
                        .withTag(tag)
                        .withBuildArg("GREETING", "bonjour")
                        .withTarget("runtime")
                        .withLabel("com.example.team", "web")
                        .withRevision("0123456789abcdef")
                        .withSource("https://gitlab.example.com/team/app")
                        .withBuilder(builder)
                        .withNoCache(true)
                        .withPush(false)
                        .build(),
                log);

        assertThat(result.builder()).isEqualTo(builder);
        assertThat(result.imageId()).startsWith("sha256:");
        assertThat(result.pushed()).isEmpty();
        assertThat(ImageInspector.files(client, tag, "/"))
                .contains("greeting.txt", "app.txt")
                .doesNotContain("debug.txt");
        Map<String, String> labels =
                client.inspectImageCmd(tag).exec().getConfig().getLabels();
        assertThat(labels)
                .containsEntry("com.example.team", "web")
                .containsEntry("org.opencontainers.image.revision", "0123456789abcdef")
                .containsEntry("org.opencontainers.image.source", "https://gitlab.example.com/team/app")
                .containsKey("org.opencontainers.image.created");
        if (builder == Builder.BUILDKIT) {
            assertThat(log.lines())
                    .anyMatch(l -> l.matches("#\\d+ \\[build 2/2\\] RUN mkdir /out.*"))
                    .anyMatch(l -> l.matches("#\\d+ DONE \\d+\\.\\ds"));
        } else {
            assertThat(log.lines()).anyMatch(l -> l.startsWith("Step 4/"));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Builder.class,
            names = {"CLASSIC", "BUILDKIT"})
    void aFailedStepIsNamedWithItsLastOutput(Builder builder) throws IOException {
        write("Dockerfile", "FROM " + env.baseImage() + "\nRUN echo first-line && echo the-last-words && exit 3\n");
        assertThatThrownBy(() -> run(
                        BuildPushRequest.builder(ctx)
                                .withTag(unique("dd-test/fails"))
                                .withBuilder(builder)
                                .withPush(false)
                                .build(),
                        ProgressListener.NONE))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("RUN echo first-line")
                .hasMessageContaining("the-last-words")
                .hasMessageContaining(builder == Builder.CLASSIC ? "step 2/" : "exit code: 3");
    }

    @ParameterizedTest
    @EnumSource(
            value = Builder.class,
            names = {"CLASSIC", "BUILDKIT"})
    void theDockerJavaTransportBuildsTheSameImageContent(Builder builder) throws IOException {
        write("Dockerfile", "FROM " + env.baseImage() + "\nCOPY . /ctx/\n");
        write(".dockerignore", "skip\n");
        write("sub/a.txt", "a");
        write("skip/b.txt", "b");
        BuildPushRequest.Spec spec =
                BuildPushRequest.builder(ctx).withBuilder(builder).withPush(false);
        String viaSocket = unique("dd-test/transport-socket");
        String viaDockerJava = unique("dd-test/transport-docker-java");
        BuildContext context = BuildContext.of(ctx, null);
        new ImageBuilder(daemon.session(), ProgressListener.NONE)
                .build(spec.withTag(viaSocket).build(), context);
        new ImageBuilder(
                        daemon.session(),
                        ProgressListener.NONE,
                        new BuildTransport.DockerJavaBuildTransport(
                                daemon.session().http()))
                .build(
                        BuildPushRequest.builder(ctx)
                                .withBuilder(builder)
                                .withPush(false)
                                .withTag(viaDockerJava)
                                .build(),
                        context);
        assertThat(ImageInspector.files(client, viaDockerJava, "/ctx"))
                .isEqualTo(ImageInspector.files(client, viaSocket, "/ctx"))
                .contains("sub/a.txt")
                .doesNotContain("skip/b.txt");
    }

    @ParameterizedTest
    @EnumSource(
            value = Builder.class,
            names = {"CLASSIC", "BUILDKIT"})
    void anInterruptedBuildIsCancelledAndTheDaemonStopsIt(Builder builder) throws Exception {
        String marker = "sleep " + (500 + (int) (Math.random() * 400));
        write("Dockerfile", "FROM " + env.baseImage() + "\nRUN " + marker + "\n");
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread build = new Thread(() -> {
            try {
                run(
                        BuildPushRequest.builder(ctx)
                                .withTag(unique("dd-test/cancel"))
                                .withBuilder(builder)
                                .withNoCache(true)
                                .withPush(false)
                                .build(),
                        ProgressListener.NONE);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        build.start();
        for (int i = 0; i < 400 && running(marker).isEmpty(); i++) {
            Thread.sleep(25);
        }
        assertThat(running(marker)).as("the RUN step started").isPresent();
        build.interrupt();
        assertThat(outcome.get(60, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(DeliveryException.class)
                .hasMessage("The build was cancelled");
        for (int i = 0; i < 600 && running(marker).isPresent(); i++) {
            Thread.sleep(50);
        }
        assertThat(running(marker)).as("the daemon stopped the step").isEmpty();
    }

    /** A process with this command line, read from /proc: RUN steps live in containers' own namespaces. */
    private static java.util.Optional<Path> running(String commandLine) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .replace('\0', ' ')
                                    .trim()
                                    .endsWith(commandLine);
                        } catch (IOException e) {
                            return false; // ended meanwhile
                        }
                    })
                    .findFirst();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void autoPrefersBuildKit() throws IOException {
        write("Dockerfile", "FROM " + env.baseImage() + "\n");
        BuildPushResult result = run(
                BuildPushRequest.builder(ctx)
                        .withTag(unique("dd-test/auto"))
                        .withPush(false)
                        .build(),
                ProgressListener.NONE);
        assertThat(result.builder()).isEqualTo(Builder.BUILDKIT);
    }

    @Test
    void dockerfileOutsideTheContext(@TempDir Path elsewhere) throws IOException {
        write("data.txt", "data");
        Path dockerfile = Files.writeString(
                elsewhere.resolve("Dockerfile.ci"), "FROM " + env.baseImage() + "\nCOPY data.txt /data.txt\n");
        String tag = unique("dd-test/outside");
        for (Builder builder : List.of(Builder.CLASSIC, Builder.BUILDKIT)) {
            run(
                    BuildPushRequest.builder(ctx)
                            .withDockerfile(dockerfile)
                            .withTag(tag)
                            .withBuilder(builder)
                            .withPush(false)
                            .build(),
                    ProgressListener.NONE);
            assertThat(ImageInspector.files(client, tag, "/")).contains("data.txt");
        }
    }

    /** Each case: a .dockerignore, and what must be in the image. The docker CLI is the oracle where present. */
    @Test
    void dockerignoreMatrixAgainstTheImagesRealContent() throws IOException, InterruptedException {
        record Case(String ignore, List<String> expected) {}
        List<String> all = List.of(
                "Dockerfile",
                "a.log",
                "keep.log",
                "README.md",
                "docs/guide.md",
                "docs/deep/x.md",
                "node_modules/lib/index.js",
                "src/main.c",
                "src/main.o",
                "abs.txt",
                "#hash.txt");
        List<Case> cases = List.of(
                new Case("", all),
                new Case(
                        "*.log\n!keep.log",
                        List.of(
                                "Dockerfile",
                                "keep.log",
                                "README.md",
                                "docs/guide.md",
                                "docs/deep/x.md",
                                "node_modules/lib/index.js",
                                "src/main.c",
                                "src/main.o",
                                "abs.txt",
                                "#hash.txt")),
                new Case(
                        "node_modules\n**/*.o\n/abs.txt\n# a comment\n\\#hash.txt",
                        List.of(
                                "Dockerfile",
                                "a.log",
                                "keep.log",
                                "README.md",
                                "docs/guide.md",
                                "docs/deep/x.md",
                                "src/main.c")),
                new Case(
                        "docs\n!docs/deep/**",
                        List.of(
                                "Dockerfile",
                                "a.log",
                                "keep.log",
                                "README.md",
                                "docs/deep/x.md",
                                "node_modules/lib/index.js",
                                "src/main.c",
                                "src/main.o",
                                "abs.txt",
                                "#hash.txt")),
                // the Dockerfile is always sent, but the daemon drops it from the context when it is excluded
                new Case("*\n!src/*.c", List.of("src/main.c")),
                new Case(
                        "**/*.md\nDockerfile\n.dockerignore",
                        List.of(
                                "a.log",
                                "keep.log",
                                "node_modules/lib/index.js",
                                "src/main.c",
                                "src/main.o",
                                "abs.txt",
                                "#hash.txt")));
        for (String file : all) {
            write(file, file.equals("Dockerfile") ? "FROM " + env.baseImage() + "\nCOPY . /ctx/\n" : file);
        }
        boolean cli =
                Stream.of("/usr/bin/docker", "/usr/local/bin/docker").anyMatch(p -> Files.isExecutable(Path.of(p)));
        for (Case c : cases) {
            Files.writeString(ctx.resolve(".dockerignore"), c.ignore());
            String tag = unique("dd-test/ignore");
            run(
                    BuildPushRequest.builder(ctx)
                            .withTag(tag)
                            .withBuilder(Builder.CLASSIC)
                            .withPush(false)
                            .build(),
                    ProgressListener.NONE);
            List<String> files = ImageInspector.files(client, tag, "/ctx").stream()
                    .filter(f -> !f.endsWith("/") && !f.equals(".dockerignore"))
                    .toList();
            assertThat(files).as(".dockerignore:\n" + c.ignore()).containsExactlyInAnyOrderElementsOf(c.expected());
            if (cli) {
                String cliTag = unique("dd-test/ignore-cli");
                Process p = new ProcessBuilder(
                                "docker", "-H", env.dockerHost(), "build", "-q", "-t", cliTag, ctx.toString())
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                assertThat(p.waitFor()).isZero();
                List<String> cliFiles = ImageInspector.files(client, cliTag, "/ctx").stream()
                        .filter(f -> !f.endsWith("/") && !f.equals(".dockerignore"))
                        .toList();
                assertThat(files)
                        .as("same as the docker CLI for:\n" + c.ignore())
                        .containsExactlyInAnyOrderElementsOf(cliFiles);
            }
        }
    }

    @Test
    void pushesToTheAuthRegistryWithTheDigestItServes() throws Exception {
        write("Dockerfile", "FROM " + env.baseImage() + "\nRUN echo " + UUID.randomUUID() + " > /id\n");
        String repository = unique("team/app");
        String tag1 = env.authRegistry() + "/" + repository + ":1";
        String tag2 = env.authRegistry() + "/" + repository + ":latest";
        RecordingListener log = new RecordingListener();
        Secret password = env.registryPassword();

        BuildPushResult result = run(
                BuildPushRequest.builder(ctx)
                        .withTag(tag1)
                        .withTag(tag2)
                        .withCredentials(new RegistryCredentials(env.authRegistry(), env.registryUser(), password))
                        .build(),
                log);

        assertThat(result.pushed()).hasSize(2);
        for (PushedImage pushed : result.pushed()) {
            assertThat(pushed.digest()).matches("sha256:[0-9a-f]{64}");
            String served = ImageInspector.registryDigest(
                    env.authRegistry(), repository, pushed.tag().tag(), env.registryUser(), password.reveal());
            assertThat(pushed.digest()).isEqualTo(served);
        }
        assertThat(log.lines())
                .anyMatch(l -> l.startsWith("Logged in to " + env.authRegistry()))
                .anyMatch(l -> l.matches("\\[progress\\] layer [0-9a-f]{12}: (Pushed|Layer already exists)"));
        // compact progress: no line per percent
        assertThat(log.lines().stream().filter(l -> l.contains("Pushing [")).count())
                .isZero();
        assertNoSecret(log.text(), password);
    }

    @Test
    void aWrongPasswordFailsBeforeTheBuildAndIsNeverRetriedOrShown() throws IOException {
        write("Dockerfile", "FROM " + env.baseImage() + "\n");
        Secret wrong = Secret.of("wrong-" + UUID.randomUUID());
        RecordingListener log = new RecordingListener();
        assertThatThrownBy(() -> run(
                        BuildPushRequest.builder(ctx)
                                .withTag(env.authRegistry() + "/team/nope:1")
                                .withCredentials(new RegistryCredentials(env.authRegistry(), env.registryUser(), wrong))
                                .build(),
                        log))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Authentication failed for " + env.authRegistry() + " as " + env.registryUser()
                        + ". Check the user name and password (or token) of the registry credentials.")
                .satisfies(e -> assertNoSecret(fullText(e), wrong));
        assertThat(log.lines()).noneMatch(l -> l.startsWith("Building"));
        assertNoSecret(log.text(), wrong);
    }

    @Test
    void pushWithoutCredentialsToTheAuthRegistrySaysSo() throws IOException {
        write("Dockerfile", "FROM " + env.baseImage() + "\n");
        assertThatThrownBy(() -> run(
                        BuildPushRequest.builder(ctx)
                                .withTag(env.authRegistry() + "/" + unique("team/anon") + ":1")
                                .build(),
                        ProgressListener.NONE))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("no credentials were given for " + env.authRegistry());
    }

    @Test
    void pushesToTheRegistryWithoutAuth() throws Exception {
        write("Dockerfile", "FROM " + env.baseImage() + "\n");
        String repository = unique("open/app");
        BuildPushResult result = run(
                BuildPushRequest.builder(ctx)
                        .withTag(env.noAuthRegistry() + "/" + repository + ":7")
                        .build(),
                ProgressListener.NONE);
        assertThat(result.pushed().get(0).digest())
                .isEqualTo(ImageInspector.registryDigest(env.noAuthRegistry(), repository, "7", null, null));
        assertThat(result.pushed().get(0).pinned().toString())
                .isEqualTo(env.noAuthRegistry() + "/" + repository + ":7@"
                        + result.pushed().get(0).digest());
    }

    @Test
    void aRegistryThatGoesAwayDuringThePushIsRetriedUntilItIsBack() throws Exception {
        RegistryControl registry = RegistryControl.noAuth(env);
        write("Dockerfile", "FROM " + env.baseImage() + "\nRUN echo " + UUID.randomUUID() + " > /id\n");
        String repository = unique("open/retry");
        AtomicBoolean stopped = new AtomicBoolean();
        RecordingListener log = new RecordingListener();
        ProgressListener stopAtPush = line -> {
            log.log(line);
            if (line.startsWith("Pushing ") && stopped.compareAndSet(false, true)) {
                try {
                    registry.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                Thread restart = new Thread(() -> {
                    try {
                        Thread.sleep(1500);
                        registry.start();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                restart.start();
            }
        };
        try {
            BuildPushResult result = run(
                    BuildPushRequest.builder(ctx)
                            .withTag(env.noAuthRegistry() + "/" + repository + ":1")
                            .withRetryDelay(Duration.ofMillis(500))
                            .withPushAttempts(6)
                            .build(),
                    stopAtPush);
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARNING: push of ") && l.contains("attempt 2 of 6"));
            assertThat(result.pushed().get(0).digest())
                    .isEqualTo(ImageInspector.registryDigest(env.noAuthRegistry(), repository, "1", null, null));
        } finally {
            registry.start();
        }
    }

    @Test
    void aRegistryThatStaysDownFailsClearlyAfterTheAttempts() throws Exception {
        RegistryControl registry = RegistryControl.noAuth(env);
        write("Dockerfile", "FROM " + env.baseImage() + "\n");
        registry.stop();
        try {
            assertThatThrownBy(() -> run(
                            BuildPushRequest.builder(ctx)
                                    .withTag(env.noAuthRegistry() + "/" + unique("open/down") + ":1")
                                    .withRetryDelay(Duration.ofMillis(100))
                                    .withPushAttempts(3)
                                    .build(),
                            ProgressListener.NONE))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("failed after 3 attempts")
                    .hasMessageContaining("connection refused");
        } finally {
            registry.start();
        }
    }

    @Test
    void anUnreachableDaemonIsAClearError() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        assertThatThrownBy(() -> new DockerBuildPush(DockerEndpoint.of("unix:///nonexistent/docker.sock"))
                        .run(BuildPushRequest.builder(ctx).withTag("x:1").build(), ProgressListener.NONE))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Cannot reach the Docker daemon at unix:///nonexistent/docker.sock")
                .hasMessageContaining("Is dockerd running");
    }

    @Test
    void theRegistryPasswordIsInNoFileEither() throws Exception {
        pushesToTheAuthRegistryWithTheDigestItServes();
        String password = env.registryPassword().reveal();
        Path dockerConfig = Path.of(System.getProperty("user.home"), ".docker", "config.json");
        if (Files.exists(dockerConfig)) {
            assertNoSecret(Files.readString(dockerConfig), env.registryPassword());
        }
        try (Stream<Path> files = Files.walk(ctx)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).doesNotContain(password);
            }
        }
    }

    private static String fullText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    private static void assertNoSecret(String text, Secret secret) {
        String plain = secret.reveal();
        assertThat(text)
                .doesNotContain(plain)
                .doesNotContain(Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
    }
}
