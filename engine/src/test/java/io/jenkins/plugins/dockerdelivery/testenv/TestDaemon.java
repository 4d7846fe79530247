package io.jenkins.plugins.dockerdelivery.testenv;

import com.github.dockerjava.api.DockerClient;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushRequest;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerConnector;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.DockerSession;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The test environment's Docker Engine for one test class: connected once (in {@code @BeforeAll}),
 * closed once (in {@code @AfterAll}), and the images the tests made removed after each.
 */
public final class TestDaemon implements AutoCloseable {
    private final TestEnvironment env;
    private final DockerSession session;

    private TestDaemon(TestEnvironment env, DockerSession session) {
        this.env = env;
        this.session = session;
    }

    public static TestDaemon connect(TestEnvironment env) {
        return new TestDaemon(env, DockerConnector.connect(DockerEndpoint.of(env.dockerHost())));
    }

    /** The engine's connection, for tests that drive engine classes directly. */
    public DockerSession session() {
        return session;
    }

    public DockerClient client() {
        return session.client();
    }

    /** Removes each image (forced), passing over those that are gone already or were never built. */
    public void removeImages(Iterable<String> images) {
        for (String image : images) {
            try {
                client().removeImageCmd(image).withForce(true).exec();
            } catch (RuntimeException alreadyGone) {
                // nothing to clean
            }
        }
    }

    /**
     * A base image (the environment's base and a marker file) pushed as {@code reference}, with these
     * credentials if not null, then removed from the daemon: only the registry has it.
     */
    public String baseOnlyInTheRegistry(Path dir, String reference, RegistryCredentials credentials)
            throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nCOPY marker.txt /marker.txt\n");
        Files.writeString(dir.resolve("marker.txt"), "base " + UUID.randomUUID());
        BuildPushRequest.Spec request = BuildPushRequest.builder(dir).withTag(reference);
        if (credentials != null) {
            request.withCredentials(credentials);
        }
        new DockerBuildPush(DockerEndpoint.of(env.dockerHost())).run(request.build(), ProgressListener.NONE);
        client().removeImageCmd(reference).withForce(true).exec();
        if (!client().listImagesCmd().withReferenceFilter(reference).exec().isEmpty()) {
            throw new IllegalStateException(reference + " is still on the daemon after its removal");
        }
        return reference;
    }

    /** One file of an image, read from a container made (and removed) for it. */
    public String fileInImage(String image, String path) throws IOException {
        String container =
                client().createContainerCmd(image).withCmd("true").exec().getId();
        try (InputStream tar =
                        client().copyArchiveFromContainerCmd(container, path).exec();
                TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            in.getNextEntry();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            client().removeContainerCmd(container).withForce(true).exec();
        }
    }

    /** {@code docker history --no-trunc}, with the Debian CLI of the test environment. */
    public String history(String image) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/docker", "-H", env.dockerHost(), "history", "--no-trunc", image)
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("docker history " + image + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
    }
}
