package io.jenkins.plugins.dockerdelivery.testenv;

import com.github.dockerjava.api.DockerClient;
import io.jenkins.plugins.dockerdelivery.docker.DockerConnector;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.DockerSession;

/**
 * The test environment's Docker Engine for one test class: connected once (in {@code @BeforeAll}),
 * closed once (in {@code @AfterAll}), and the images the tests made removed after each.
 */
public final class TestDaemon implements AutoCloseable {
    private final DockerSession session;

    private TestDaemon(DockerSession session) {
        this.session = session;
    }

    public static TestDaemon connect(TestEnvironment env) {
        return new TestDaemon(DockerConnector.connect(DockerEndpoint.of(env.dockerHost())));
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

    @Override
    public void close() {
        session.close();
    }
}
