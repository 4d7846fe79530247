package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.jenkins.plugins.dockerdelivery.AuthenticationException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.session.BuildSession;
import io.jenkins.plugins.dockerdelivery.testenv.TestDaemon;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import io.jenkins.plugins.dockerdelivery.testenv.TestSshAgent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the BuildKit session makes possible, against the real daemon and the real authenticated
 * registry: bases only in that registry, {@code pull}, secrets that stay out of the image, SSH agent
 * forwarding, cancel, concurrent builds and long steps.
 */
class BuildKitSessionIT {
    private static TestEnvironment env;
    private static TestDaemon daemon;
    private static DockerClient client;
    private final List<String> images = new ArrayList<>();

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

    @AfterEach
    void removeImages() {
        daemon.removeImages(images);
        assertThat(BuildSession.openSessions()).as("sessions left open").isZero();
    }

    private String tag(String name) {
        String tag = name + "-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        images.add(tag);
        return tag;
    }

    private Path write(String name, String content) throws IOException {
        Path file = ctx.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static BuildPushResult run(BuildPushRequest request, ProgressListener listener) {
        return new DockerBuildPush(DockerEndpoint.of(env.dockerHost())).run(request, listener);
    }

    private RegistryCredentials credentials() {
        return new RegistryCredentials(env.authRegistry(), env.registryUser(), env.registryPassword());
    }

    /** A base image pushed to the authenticated registry, then removed here: only the registry has it. */
    private String baseOnlyInTheAuthRegistry(Path dir) throws IOException {
        String base = env.authRegistry() + "/dd-test/parent-"
                + UUID.randomUUID().toString().substring(0, 8) + ":1";
        return daemon.baseOnlyInTheRegistry(dir, base, credentials());
    }

    @Test
    void aBaseOnlyInTheAuthenticatedRegistryBuildsWithItsCredentials(@TempDir Path parent) throws IOException {
        String base = baseOnlyInTheAuthRegistry(parent);
        images.add(base);
        write("Dockerfile", "FROM " + base + "\nCOPY app.txt /app.txt\n");
        write("app.txt", "app");
        String tag = tag("dd-test/child");
        RecordingListener log = new RecordingListener();

        run(
                BuildPushRequest.builder(ctx)
                        .withTag(tag)
                        .withBuilder(Builder.BUILDKIT)
                        .withCredentials(credentials())
                        .withPush(false)
                        .build(),
                log);

        assertThat(ImageInspector.files(client, tag, "/")).contains("marker.txt", "app.txt");
        assertThat(log.text()).doesNotContain(env.registryPassword().reveal());
    }

    @Test
    void pullWithBuildKitUsesTheCredentialsAndAWrongPasswordNamesTheRegistry(@TempDir Path parent) throws IOException {
        String base = baseOnlyInTheAuthRegistry(parent);
        images.add(base);
        write("Dockerfile", "FROM " + base + "\n");
        run(
                BuildPushRequest.builder(ctx)
                        .withTag(tag("dd-test/pulled"))
                        .withBuilder(Builder.BUILDKIT)
                        .withPull(true)
                        .withCredentials(credentials())
                        .withPush(false)
                        .build(),
                ProgressListener.NONE);

        Secret wrong = Secret.of("wrong-" + UUID.randomUUID());
        RecordingListener log = new RecordingListener();
        assertThatThrownBy(() -> run(
                        BuildPushRequest.builder(ctx)
                                .withTag(tag("dd-test/pulled"))
                                .withBuilder(Builder.BUILDKIT)
                                .withPull(true)
                                .withCredentials(new RegistryCredentials(env.authRegistry(), env.registryUser(), wrong))
                                .withPush(false)
                                .build(),
                        log))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Authentication failed for registry " + env.authRegistry())
                .hasMessageContaining(env.registryUser())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong.reveal()));
        assertThat(log.text()).doesNotContain(wrong.reveal());

        assertThatThrownBy(() -> run(
                        BuildPushRequest.builder(ctx)
                                .withTag(tag("dd-test/pulled"))
                                .withBuilder(Builder.BUILDKIT)
                                .withPull(true)
                                .withPush(false)
                                .build(),
                        ProgressListener.NONE))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("The registry " + env.authRegistry() + " wants credentials")
                .hasMessageContaining("--registry-auth " + env.authRegistry() + "=USER")
                .hasMessageContaining("pullCredentials: [[registry: '" + env.authRegistry() + "'");
    }

    @Test
    void aSecretReachesTheStepAndNoLayerNorTheLog() throws Exception {
        String value = "s3cret-" + UUID.randomUUID();
        write(
                "Dockerfile",
                "FROM " + env.baseImage() + "\n"
                        + "RUN --mount=type=secret,id=token,required=true sha256sum /run/secrets/token > /token.sha"
                        + " && ls /run/secrets\n");
        String tag = tag("dd-test/secret");
        RecordingListener log = new RecordingListener();

        run(
                BuildPushRequest.builder(ctx)
                        .withTag(tag)
                        .withBuilder(Builder.BUILDKIT)
                        .withNoCache(true)
                        .withSecret(BuildSecret.ofText("token", Secret.of(value)))
                        .withPush(false)
                        .build(),
                log);

        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        assertThat(daemon.fileInImage(tag, "/token.sha")).startsWith(expected);
        assertThat(daemon.history(tag)).doesNotContain(value);
        assertThat(savedImage(tag)).doesNotContain(value);
        assertThat(log.text()).doesNotContain(value);
        assertThat(ImageInspector.files(client, tag, "/run")).noneMatch(f -> f.contains("token"));
    }

    /**
     * A step that prints a secret file (a debugging {@code cat}) shows it masked, line by line, also where
     * the file is UTF-8 text beyond ASCII.
     */
    @Test
    void aSecretFileARunPrintsIsMaskedLineByLine() throws IOException {
        String password = "gehëim-" + UUID.randomUUID();
        String file = "machine registry.example.com\nlogin jürgen\npassword " + password + "\n";
        write(
                "Dockerfile",
                "FROM " + env.baseImage() + "\n"
                        + "RUN --mount=type=secret,id=netrc,required=true cat /run/secrets/netrc && echo printed-$((6 * 7))\n");
        RecordingListener log = new RecordingListener();

        run(
                BuildPushRequest.builder(ctx)
                        .withTag(tag("dd-test/secretprinted"))
                        .withBuilder(Builder.BUILDKIT)
                        .withNoCache(true)
                        .withSecret(BuildSecret.ofBytes("netrc", file.getBytes(StandardCharsets.UTF_8)))
                        .withPush(false)
                        .build(),
                log);

        // each of the file's three lines is masked on its own; the step then printed what no line holds
        assertThat(log.lines())
                .filteredOn(l -> l.matches("#\\d+ " + Pattern.quote(Secret.MASK)))
                .hasSize(3);
        assertThat(log.text()).contains("printed-42").doesNotContain(password).doesNotContain("jürgen");
    }

    /**
     * grpc-okhttp logs the first 64 bytes of every HTTP/2 DATA frame, in hex, at FINE: a secret's answer
     * would be in them. A Jenkins log recorder on {@code io.grpc} at ALL gets the frame log, but no DATA.
     */
    @Test
    void theSessionsFrameLogNeverHoldsASecretsBytes() throws IOException {
        String value = "frame-" + UUID.randomUUID().toString().substring(0, 8);
        write(
                "Dockerfile",
                "FROM " + env.baseImage()
                        + "\nRUN --mount=type=secret,id=token,required=true test -s /run/secrets/token\n");
        Logger grpc = Logger.getLogger("io.grpc");
        Level before = grpc.getLevel();
        List<String> records = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record.getLoggerName() + " " + record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        recorder.setLevel(Level.ALL);
        // as a log recorder does: the level on the loggers it records, and its handler
        List<Logger> frameLoggers = List.of(
                Logger.getLogger("io.grpc.okhttp.OkHttpServerTransport"),
                Logger.getLogger("io.grpc.okhttp.OkHttpClientTransport"));
        List<Level> frameLevels = frameLoggers.stream().map(Logger::getLevel).toList();
        grpc.setLevel(Level.ALL);
        frameLoggers.forEach(l -> l.setLevel(Level.ALL));
        grpc.addHandler(recorder);
        try {
            run(
                    BuildPushRequest.builder(ctx)
                            .withTag(tag("dd-test/framelog"))
                            .withBuilder(Builder.BUILDKIT)
                            .withNoCache(true)
                            .withSecret(BuildSecret.ofText("token", Secret.of(value)))
                            .withPush(false)
                            .build(),
                    ProgressListener.NONE);
        } finally {
            grpc.removeHandler(recorder);
            grpc.setLevel(before);
            for (int i = 0; i < frameLoggers.size(); i++) {
                frameLoggers.get(i).setLevel(frameLevels.get(i));
            }
        }
        String hex = HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
        assertThat(records).as("the frame log was on").anyMatch(r -> r.contains("HEADERS"));
        assertThat(records).noneMatch(r -> r.contains(" DATA: "));
        assertThat(String.join("\n", records).toLowerCase(Locale.ROOT))
                .doesNotContain(hex)
                .doesNotContain(value);
    }

    @Test
    void anUnknownSecretIdFailsNamingIt() throws IOException {
        write("Dockerfile", "FROM " + env.baseImage() + "\nRUN --mount=type=secret,id=npmrc,required=true true\n");
        assertThatThrownBy(() -> run(
                        BuildPushRequest.builder(ctx)
                                .withTag(tag("dd-test/nosecret"))
                                .withBuilder(Builder.BUILDKIT)
                                .withPush(false)
                                .build(),
                        ProgressListener.NONE))
                .isInstanceOf(BuildFailedException.class)
                // the daemon's words (the step's name alone holds the id too), then what to do
                .hasMessageContaining("secret npmrc not found")
                .hasMessageStartingWith("The Dockerfile asks for the secret 'npmrc', which this build was not"
                        + " given. Give it with --secret id=npmrc,src=FILE or --secret id=npmrc,env=VARIABLE (CLI),"
                        + " or secrets: [[id: 'npmrc', credentialsId: '...']]");
    }

    @Test
    void aSecretFileKeepsItsBytes() throws Exception {
        byte[] content = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n', 'x'};
        write(
                "Dockerfile",
                "FROM " + env.baseImage() + "\n"
                        + "RUN --mount=type=secret,id=blob,required=true sha256sum /run/secrets/blob > /blob.sha\n");
        String tag = tag("dd-test/secretfile");
        run(
                BuildPushRequest.builder(ctx)
                        .withTag(tag)
                        .withBuilder(Builder.BUILDKIT)
                        .withNoCache(true)
                        .withSecret(BuildSecret.ofBytes("blob", content))
                        .withPush(false)
                        .build(),
                ProgressListener.NONE);
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(daemon.fileInImage(tag, "/blob.sha")).startsWith(expected);
    }

    @Test
    void theSessionOutlivesALongStep() throws IOException {
        // the secret is read after the 15 s step: the session must still be there (health checks every second)
        write(
                "Dockerfile",
                "FROM " + env.baseImage() + "\nRUN sleep 15\n"
                        + "RUN --mount=type=secret,id=late,required=true test -s /run/secrets/late\n");
        RecordingListener log = new RecordingListener();
        run(
                BuildPushRequest.builder(ctx)
                        .withTag(tag("dd-test/long"))
                        .withBuilder(Builder.BUILDKIT)
                        .withNoCache(true)
                        .withSecret(BuildSecret.ofText("late", Secret.of("after-the-sleep")))
                        .withPush(false)
                        .build(),
                log);
        assertThat(log.lines()).anyMatch(l -> l.matches("#\\d+ \\[3/3\\] RUN --mount=type=secret.*"));
    }

    @Test
    void concurrentBuildsEachHaveTheirOwnSession(@TempDir Path other) throws Exception {
        // the step that sleeps keeps each session open for a second: the four builds overlap for sure
        write("Dockerfile", "FROM " + env.baseImage() + "\nCOPY a.txt /a.txt\nRUN sleep 1\n");
        write("a.txt", "a " + UUID.randomUUID());
        Files.writeString(
                other.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nCOPY b.txt /b.txt\nRUN sleep 1\n");
        Files.writeString(other.resolve("b.txt"), "b " + UUID.randomUUID());
        List<CompletableFuture<RecordingListener>> builds = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (Path dir : List.of(ctx, other)) {
                String tag = tag("dd-test/concurrent");
                builds.add(CompletableFuture.supplyAsync(() -> {
                    RecordingListener log = new RecordingListener();
                    run(
                            BuildPushRequest.builder(dir)
                                    .withTag(tag)
                                    .withBuilder(Builder.BUILDKIT)
                                    .withNoCache(true)
                                    .withPush(false)
                                    .build(),
                            log);
                    return log;
                }));
            }
        }
        int mostOpenAtOnce = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!builds.stream().allMatch(CompletableFuture::isDone) && System.nanoTime() < deadline) {
            mostOpenAtOnce = Math.max(mostOpenAtOnce, BuildSession.openSessions());
            Thread.sleep(5);
        }
        for (CompletableFuture<RecordingListener> build : builds) {
            assertThat(build.get(120, TimeUnit.SECONDS).lines()).anyMatch(l -> l.startsWith("Sent context: "));
        }
        assertThat(mostOpenAtOnce).as("sessions open at once").isGreaterThanOrEqualTo(2);
        for (int i = 0; i < 4; i++) {
            String tag = images.get(i);
            assertThat(ImageInspector.files(client, tag, "/")).contains(i % 2 == 0 ? "a.txt" : "b.txt");
        }
    }

    @Test
    void aBuildCancelledMidTransferLeavesNoSessionBehind() throws Exception {
        Path big = Files.createDirectories(ctx.resolve("big"));
        byte[] chunk = new byte[1024 * 1024];
        new java.util.Random(7).nextBytes(chunk);
        for (int i = 0; i < 400; i++) {
            Files.write(big.resolve("f" + i), chunk);
        }
        write("Dockerfile", "FROM scratch\nCOPY . /app\n");
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        RecordingListener log = new RecordingListener();
        Thread build = new Thread(() -> {
            try {
                run(
                        BuildPushRequest.builder(ctx)
                                .withTag(tag("dd-test/cancel-transfer"))
                                .withBuilder(Builder.BUILDKIT)
                                .withPush(false)
                                .build(),
                        log);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        build.start();
        for (int i = 0;
                i < 1200 && log.lines().stream().noneMatch(l -> l.endsWith("[internal] load build context"));
                i++) {
            Thread.sleep(25);
        }
        assertThat(log.lines()).anyMatch(l -> l.endsWith("[internal] load build context"));
        Thread.sleep(500); // into the transfer of 400 MiB, which takes seconds
        build.interrupt();
        assertThat(outcome.get(60, TimeUnit.SECONDS))
                .isInstanceOf(DeliveryException.class)
                .hasMessage("The build was cancelled");
        assertThat(log.lines()).noneMatch(l -> l.startsWith("Sent context: 4"));
        assertThat(PartialTransfer.bytesSent(log.lines()))
                .as("the 'Sent part of the context' line in:\n" + log.text())
                .isNotNegative()
                .isLessThan(400L * chunk.length);
        assertThat(BuildSession.openSessions()).isZero();
        Thread.sleep(200);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("docker-delivery session") && t.isAlive());
    }

    @Test
    void anSshMountReachesTheAgent(@TempDir Path agentDir) throws Exception {
        try (TestSshAgent agent = TestSshAgent.start(agentDir)) {
            TestSshAgent.copySshAddInto(ctx.resolve("root"));
            write(
                    "Dockerfile",
                    "FROM " + env.baseImage() + "\nCOPY root/ /\n" + "RUN --mount=type=ssh /usr/bin/ssh-add -l\n");
            RecordingListener log = new RecordingListener();
            run(
                    BuildPushRequest.builder(ctx)
                            .withTag(tag("dd-test/ssh"))
                            .withBuilder(Builder.BUILDKIT)
                            .withNoCache(true)
                            .withSshAgent("default", agent.socket())
                            .withPush(false)
                            .build(),
                    log);
            assertThat(log.lines())
                    .anyMatch(l -> l.contains(agent.fingerprint()) && l.contains(TestSshAgent.KEY_COMMENT));
        }
    }

    @Test
    void anSshMountWithoutAnAgentNamesTheId() throws IOException {
        write("Dockerfile", "FROM " + env.baseImage() + "\nRUN --mount=type=ssh,id=deploy,required=true true\n");
        assertThatThrownBy(() -> run(
                        BuildPushRequest.builder(ctx)
                                .withTag(tag("dd-test/nossh"))
                                .withBuilder(Builder.BUILDKIT)
                                .withPush(false)
                                .build(),
                        ProgressListener.NONE))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("no SSH key \"deploy\" forwarded")
                .hasMessageStartingWith("The Dockerfile mounts the SSH agent 'deploy', and this build forwards none"
                        + " for it. Give it with --ssh deploy=SOCKET (CLI), or ssh: ['deploy=SOCKET']"
                        + " (dockerBuildPush)");
    }

    /** Agents given, but not the one the Dockerfile mounts: the session's own answer names it. */
    @Test
    void anSshMountOfAnIdNotGivenNamesItAndHowToGiveIt(@TempDir Path agentDir) throws IOException {
        write("Dockerfile", "FROM " + env.baseImage() + "\nRUN --mount=type=ssh,id=deploy,required=true true\n");
        assertThatThrownBy(() -> run(
                        BuildPushRequest.builder(ctx)
                                .withTag(tag("dd-test/otherssh"))
                                .withBuilder(Builder.BUILDKIT)
                                .withSshAgent("other", agentDir.resolve("agent.sock"))
                                .withPush(false)
                                .build(),
                        ProgressListener.NONE))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("no SSH agent is forwarded for ssh id 'deploy': give it with --ssh deploy (CLI)"
                        + " or ssh: ['deploy'] (dockerBuildPush)");
    }

    /**
     * {@code DOCKER_HOST=tcp://...}: the session opens on a TCP connection, as the API does. socat (a package
     * of the test environment) plays a daemon listening on loopback TCP, for this test only.
     */
    @Test
    void theSessionWorksOverTcpToo() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String socket = env.dockerHost().replaceFirst("^unix://", "");
        Process socat = new ProcessBuilder(
                        "socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", "UNIX-CONNECT:" + socket)
                .redirectErrorStream(true)
                .start();
        try {
            for (int i = 0; i < 200; i++) {
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                    break;
                } catch (IOException notYet) {
                    Thread.sleep(25);
                }
            }
            write("Dockerfile", "FROM scratch\nCOPY data.txt /data.txt\n");
            write("data.txt", "over tcp " + UUID.randomUUID());
            String tag = tag("dd-test/tcp");
            RecordingListener log = new RecordingListener();
            new DockerBuildPush(DockerEndpoint.of("tcp://127.0.0.1:" + port))
                    .run(
                            BuildPushRequest.builder(ctx)
                                    .withTag(tag)
                                    .withBuilder(Builder.BUILDKIT)
                                    .withPush(false)
                                    .build(),
                            log);
            assertThat(log.lines()).anyMatch(l -> l.startsWith("Sent context: ") && !l.contains(" 0 files sent"));
            assertThat(daemon.fileInImage(tag, "/data.txt")).startsWith("over tcp ");
        } finally {
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The context the session sends is what {@code DOCKER_BUILDKIT=1 docker build} sends, case by case. */
    @Test
    void dockerignoreAndTheDockerCliSendTheSameContext() throws Exception {
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
                "#hash.txt",
                "\u00e9t\u00e9.txt");
        for (String file : all) {
            write(file, file.equals("Dockerfile") ? "FROM " + env.baseImage() + "\nCOPY . /ctx/\n" : file);
        }
        Files.createSymbolicLink(ctx.resolve("link-to-src"), Path.of("src"));
        List<String> cases = List.of(
                "",
                "*.log\n!keep.log",
                "node_modules\n**/*.o\n/abs.txt\n# a comment\n\\#hash.txt",
                "docs\n!docs/deep/**",
                "*\n!src/*.c",
                "**/*.md\nDockerfile\n.dockerignore");
        for (String ignore : cases) {
            Files.writeString(ctx.resolve(".dockerignore"), ignore);
            String tag = tag("dd-test/ignore-bk");
            run(
                    BuildPushRequest.builder(ctx)
                            .withTag(tag)
                            .withBuilder(Builder.BUILDKIT)
                            .withPush(false)
                            .build(),
                    ProgressListener.NONE);
            String cliTag = tag("dd-test/ignore-bk-cli");
            ProcessBuilder cli = new ProcessBuilder(
                    "/usr/bin/docker", "-H", env.dockerHost(), "build", "-q", "-t", cliTag, ctx.toString());
            cli.environment().put("DOCKER_BUILDKIT", "1");
            cli.environment()
                    .put("DOCKER_CONFIG", Files.createTempDirectory("dd-cli").toString());
            Process p = cli.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(ImageInspector.files(client, tag, "/ctx"))
                    .as("same as DOCKER_BUILDKIT=1 docker build for:\n" + ignore)
                    .isNotEmpty()
                    .containsExactlyElementsOf(ImageInspector.files(client, cliTag, "/ctx"));
        }
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    /** The whole image as {@code docker save} writes it: every layer, the config, the manifest. */
    private static String savedImage(String image) throws IOException {
        try (InputStream saved = client.saveImageCmd(image).exec()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.transferTo(bytes);
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
