package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.dockerjava.api.DockerClient;
import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.session.BuildSession;
import io.jenkins.plugins.dockerdelivery.testenv.TestDaemon;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DOCKER_HOST=tcp://...} with {@code DOCKER_TLS_VERIFY} and a certificate directory: the API and
 * the BuildKit session both go over TLS with the client certificate, as with {@code dockerd
 * --tlsverify}. The daemon is the test environment's, behind a TLS front ({@link TlsDaemon}).
 */
class BuildKitSessionTlsIT {
    private static TestEnvironment env;
    private static TestDaemon daemon;
    private static DockerClient client;
    private static TlsDaemon tls;
    private final List<String> images = new ArrayList<>();

    @TempDir
    Path ctx;

    @BeforeAll
    static void start(@TempDir Path certs) throws Exception {
        env = TestEnvironment.require();
        daemon = TestDaemon.connect(env);
        client = daemon.client();
        tls = TlsDaemon.start(certs, env.dockerHost().replaceFirst("^unix://", ""));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (tls != null) {
            tls.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @AfterEach
    void removeImages() {
        daemon.removeImages(images);
        assertThat(BuildSession.openSessions()).as("sessions left open").isZero();
    }

    @Test
    void aBuildThatNeedsTheSessionWorksOverTls(@TempDir Path parent) throws Exception {
        DockerEndpoint overTls =
                new DockerEndpoint(tls.host(), true, tls.trustedClient().toString());
        String base = baseOnlyInTheAuthRegistry(parent);
        Files.writeString(
                ctx.resolve("Dockerfile"),
                "FROM " + base + "\nCOPY app.txt /app.txt\n"
                        + "RUN --mount=type=secret,id=token,required=true test \"$(cat /run/secrets/token)\" = over-tls"
                        + " && cat /app.txt\n");
        Files.writeString(ctx.resolve("app.txt"), "app over tls");
        String tag = "dd-test/tls-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        images.add(tag);
        RecordingListener log = new RecordingListener();

        new DockerBuildPush(overTls)
                .run(
                        BuildPushRequest.builder(ctx)
                                .withTag(tag)
                                .withBuilder(Builder.BUILDKIT)
                                .withNoCache(true)
                                .withCredentials(credentials())
                                .withSecret(BuildSecret.ofText("token", Secret.of("over-tls")))
                                .withPush(false)
                                .build(),
                        log);

        assertThat(log.lines())
                .anyMatch(l -> l.startsWith("Sent context: ") && !l.contains(" 0 files sent"))
                .anyMatch(l -> l.endsWith(" app over tls"));
        assertThat(ImageInspector.files(client, tag, "/")).contains("marker.txt", "app.txt");
        assertThat(log.text()).doesNotContain(env.registryPassword().reveal());
    }

    @Test
    void aClientCertificateTheDaemonDoesNotTrustIsSaidPlainly() throws Exception {
        Path certs = tls.untrustedClient(true);
        Throwable failure = buildWith(certs);
        assertThat(failure)
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining(tls.host())
                .hasMessageContaining("TLS")
                .hasMessageContaining(certs.toString())
                .hasMessageContaining("DOCKER_CERT_PATH");
        assertReadable(failure.getMessage());
    }

    @Test
    void aCaThatDidNotSignTheDaemonsCertificateIsSaidPlainly() throws Exception {
        Path certs = tls.untrustedClient(false);
        Throwable failure = buildWith(certs);
        assertThat(failure)
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining(tls.host())
                .hasMessageContaining(certs.resolve("ca.pem").toString())
                .hasMessageContaining("DOCKER_CERT_PATH");
        assertReadable(failure.getMessage());
    }

    private Throwable buildWith(Path certs) throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY Dockerfile /Dockerfile\n");
        String tag = "dd-test/tls-refused-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        images.add(tag);
        DockerEndpoint endpoint = new DockerEndpoint(tls.host(), true, certs.toString());
        // a hang guard, not a timing assertion
        return assertTimeoutPreemptively(
                Duration.ofSeconds(120),
                () -> catchThrowable(() -> new DockerBuildPush(endpoint)
                        .run(
                                BuildPushRequest.builder(ctx)
                                        .withTag(tag)
                                        .withBuilder(Builder.BUILDKIT)
                                        .withPush(false)
                                        .build(),
                                ProgressListener.NONE)));
    }

    /** A sentence for a user, not a Java stack trace's first line. */
    private static void assertReadable(String message) {
        assertThat(message)
                .doesNotContain("javax.net")
                .doesNotContain("sun.security")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    private RegistryCredentials credentials() {
        return new RegistryCredentials(env.authRegistry(), env.registryUser(), env.registryPassword());
    }

    /** A base image pushed to the authenticated registry, then removed here: only the registry has it. */
    private String baseOnlyInTheAuthRegistry(Path dir) throws IOException {
        String base = env.authRegistry() + "/dd-test/tls-parent-"
                + UUID.randomUUID().toString().substring(0, 8) + ":1";
        images.add(base);
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nCOPY marker.txt /marker.txt\n");
        Files.writeString(dir.resolve("marker.txt"), "parent " + UUID.randomUUID());
        new DockerBuildPush(DockerEndpoint.of(env.dockerHost()))
                .run(
                        BuildPushRequest.builder(dir)
                                .withTag(base)
                                .withCredentials(credentials())
                                .build(),
                        ProgressListener.NONE);
        client.removeImageCmd(base).withForce(true).exec();
        assertThat(client.listImagesCmd().withReferenceFilter(base).exec()).isEmpty();
        return base;
    }
}
