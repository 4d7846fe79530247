package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import io.jenkins.plugins.dockerdelivery.testenv.TestDaemon;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import io.jenkins.plugins.dockerdelivery.testenv.TestSshAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of {@code build-push} that the BuildKit session serves, through the jar as a user runs it,
 * against the real daemon and both registries: {@code --secret} from a file and from a variable,
 * {@code --ssh default}, {@code --registry-auth} for a base in another registry, and a base pulled
 * anonymously from an open registry while the credentials given are for the registry pushed to.
 */
class BuildPushSessionOptionsIT {
    private static TestEnvironment env;
    private static TestDaemon daemon;
    private final List<String> images = new ArrayList<>();

    @TempDir
    Path ctx;

    @TempDir
    Path outside;

    @BeforeAll
    static void connect() {
        env = TestEnvironment.require();
        daemon = TestDaemon.connect(env);
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
    }

    private String tag(String registry, String name) {
        String tag =
                registry + "/cli/" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        images.add(tag);
        return tag;
    }

    @Test
    void secretsFromAFileAndAVariableReachTheStepAndNeitherTheImageNorTheOutput() throws Exception {
        String token = "tok-" + UUID.randomUUID();
        // a file of two lines, which the step prints a line at a time
        String tokenLine = "//npm.example.com/:_authToken=" + UUID.randomUUID();
        String emailLine = "email=ci-" + UUID.randomUUID() + "@example.com";
        String npmrc = tokenLine + "\n" + emailLine + "\n";
        Path npmrcFile = Files.writeString(outside.resolve(".npmrc"), npmrc);
        Files.writeString(
                ctx.resolve("Dockerfile"),
                "FROM " + env.baseImage() + "\n"
                        + "RUN --mount=type=secret,id=token,required=true --mount=type=secret,id=npmrc,required=true"
                        + " cat /run/secrets/token && echo && cat /run/secrets/npmrc"
                        + " && sha256sum /run/secrets/token /run/secrets/npmrc > /sums\n");
        String tag = tag("local", "secrets");

        CliProcess.Result r = CliProcess.run(
                null,
                Map.of("DOCKER_HOST", env.dockerHost(), "DD_TEST_TOKEN", token),
                "build-push",
                "--context",
                ctx.toString(),
                "--tag",
                tag,
                "--builder",
                "buildkit",
                "--no-push",
                "--no-cache",
                "--secret",
                "id=token,env=DD_TEST_TOKEN",
                "--secret",
                "id=npmrc,src=" + npmrcFile);

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        String sums = daemon.fileInImage(tag, "/sums");
        assertThat(sums).contains(sha256(token)).contains(sha256(npmrc));
        // the step printed both values; the output shows the mask in their place
        assertThat(r.out()).contains("****");
        assertThat(r.out() + r.err())
                .doesNotContain(token)
                .doesNotContain(tokenLine)
                .doesNotContain(emailLine);
        assertThat(daemon.history(tag))
                .doesNotContain(token)
                .doesNotContain(tokenLine)
                .doesNotContain(emailLine);
    }

    @Test
    void sshDefaultForwardsTheAgentOfTheEnvironment(@TempDir Path agentDir) throws Exception {
        try (TestSshAgent agent = TestSshAgent.start(agentDir)) {
            TestSshAgent.copySshAddInto(ctx.resolve("root"));
            Files.writeString(
                    ctx.resolve("Dockerfile"),
                    "FROM " + env.baseImage() + "\nCOPY root/ /\nRUN --mount=type=ssh /usr/bin/ssh-add -l\n");

            CliProcess.Result r = CliProcess.run(
                    null,
                    Map.of(
                            "DOCKER_HOST",
                            env.dockerHost(),
                            "SSH_AUTH_SOCK",
                            agent.socket().toString()),
                    "build-push",
                    "--context",
                    ctx.toString(),
                    "--tag",
                    tag("local", "ssh"),
                    "--builder",
                    "buildkit",
                    "--no-push",
                    "--no-cache",
                    "--ssh",
                    "default");

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains(agent.fingerprint()).contains(TestSshAgent.KEY_COMMENT);
        }
    }

    @Test
    void registryAuthServesABaseThatOnlyAnotherRegistryHolds() throws Exception {
        String base = baseOnlyIn(env.authRegistry(), credentials());
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nCOPY app.txt /app.txt\n");
        Files.writeString(ctx.resolve("app.txt"), "app");
        String tag = tag(env.noAuthRegistry(), "child");
        String password = env.registryPassword().reveal();

        // pushed to the open registry, so no --registry-user: the only credentials are the base's
        CliProcess.Result r = CliProcess.run(
                null,
                Map.of("DOCKER_HOST", env.dockerHost(), SessionOptions.passwordVariable(env.authRegistry()), password),
                "build-push",
                "--context",
                ctx.toString(),
                "--tag",
                tag,
                "--builder",
                "buildkit",
                "--registry-auth",
                env.authRegistry() + "=" + env.registryUser());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern(tag.replace(".", "\\.") + "@sha256:[0-9a-f]{64}\n");
        assertThat(r.out() + r.err()).doesNotContain(password);
    }

    @Test
    void aWrongRegistryAuthPasswordFailsNamingTheRegistry() throws Exception {
        String base = baseOnlyIn(env.authRegistry(), credentials());
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\n");
        String wrong = "wrong-" + UUID.randomUUID();
        Path passwordFile = Files.writeString(outside.resolve("base-registry"), wrong + "\n");

        CliProcess.Result r = CliProcess.run(
                null,
                Map.of("DOCKER_HOST", env.dockerHost()),
                "build-push",
                "--context",
                ctx.toString(),
                "--tag",
                tag("local", "wrong"),
                "--builder",
                "buildkit",
                "--no-push",
                "--registry-auth",
                env.authRegistry() + "=" + env.registryUser() + ",password-file=" + passwordFile);

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .startsWith("docker-delivery: ")
                .contains("Authentication failed for registry " + env.authRegistry())
                .doesNotContain("\tat ");
        assertThat(r.out() + r.err()).doesNotContain(wrong);
    }

    @Test
    void aBaseInAnOpenRegistryIsPulledAnonymouslyWhileTheCredentialsAreForThePushRegistry() throws Exception {
        String base = baseOnlyIn(env.noAuthRegistry(), null);
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nCOPY app.txt /app.txt\n");
        Files.writeString(ctx.resolve("app.txt"), "app");
        String tag = tag(env.authRegistry(), "anonymous-base");
        String password = env.registryPassword().reveal();

        CliProcess.Result r = CliProcess.run(
                password + "\n",
                Map.of("DOCKER_HOST", env.dockerHost()),
                "build-push",
                "--context",
                ctx.toString(),
                "--tag",
                tag,
                "--builder",
                "buildkit",
                "--pull",
                "--registry-user",
                env.registryUser(),
                "--registry-password-stdin");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern(tag.replace(".", "\\.") + "@sha256:[0-9a-f]{64}\n");
        assertThat(r.out() + r.err()).doesNotContain(password);
    }

    private static RegistryCredentials credentials() {
        return new RegistryCredentials(env.authRegistry(), env.registryUser(), env.registryPassword());
    }

    /** A base image pushed to the registry, then removed from the daemon: only the registry has it. */
    private String baseOnlyIn(String registry, RegistryCredentials credentials) throws IOException {
        return daemon.baseOnlyInTheRegistry(
                Files.createDirectories(outside.resolve("base")), tag(registry, "base"), credentials);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
