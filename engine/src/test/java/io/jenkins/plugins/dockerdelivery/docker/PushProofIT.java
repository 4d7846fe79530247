package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.testenv.TestDaemon;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that a push is of the image built (issue 10, critical 1), exercised on the real daemon and
 * registry: "another build" re-tags the name to its own image right before the daemon pushes it.
 */
class PushProofIT {
    private static TestEnvironment env;
    private static TestDaemon daemon;
    private static DockerClient client;

    @TempDir
    Path dir;

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

    /** An image of its own, built and tagged locally only: what the other build made. */
    private String otherImage(String tag) throws IOException {
        Path ctx = Files.createDirectories(dir.resolve("other"));
        Files.writeString(ctx.resolve("other.txt"), UUID.randomUUID().toString());
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nCOPY other.txt /\n");
        return new DockerBuildPush(DockerEndpoint.of(env.dockerHost()))
                .run(BuildPushRequest.builder(ctx).withTag(tag).withPush(false).build(), ProgressListener.NONE)
                .imageId();
    }

    private Path mine() throws IOException {
        Path ctx = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(ctx.resolve("mine.txt"), UUID.randomUUID().toString());
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nCOPY mine.txt /\n");
        return ctx;
    }

    /** Re-tags {@code tag} to {@code image} when the run announces its push, the first {@code times} times. */
    private static ProgressListener retagging(RecordingListener log, ImageReference tag, String image, int times) {
        AtomicInteger left = new AtomicInteger(times);
        return line -> {
            log.log(line);
            if (line.equals("Pushing " + tag.familiar()) && left.getAndDecrement() > 0) {
                client.tagImageCmd(image, tag.familiarRepository(), tag.tag())
                        .withForce()
                        .exec();
            }
        };
    }

    @Test
    void aRetagBeforeThePushIsCaughtAndTheImageBuiltIsPushedAgain() throws Exception {
        String repository = "proof/app-" + UUID.randomUUID().toString().substring(0, 8);
        ImageReference tag = ImageReference.parse(env.noAuthRegistry() + "/" + repository + ":1");
        String other = otherImage(tag.familiar());
        RecordingListener log = new RecordingListener();
        BuildPushResult result = null;
        try {
            result = new DockerBuildPush(DockerEndpoint.of(env.dockerHost()), d -> {})
                    .run(BuildPushRequest.builder(mine()).withTag(tag).build(), retagging(log, tag, other, 1));
            assertThat(result.imageId()).isNotEqualTo(other);
            assertThat(log.lines())
                    .anyMatch(l -> l.startsWith("WARNING: push of ") && l.contains("another build re-tagged"));
            assertThat(ImageInspector.manifestConfigDigest(
                            env.noAuthRegistry(),
                            repository,
                            result.pushed().get(0).digest()))
                    .isEqualTo(result.imageId());
        } finally {
            client.removeImageCmd(other).withForce(true).exec();
            if (result != null) {
                client.removeImageCmd(result.imageId()).withForce(true).exec();
            }
        }
    }

    @Test
    void aNameRetaggedOnEveryAttemptFailsTheRunSayingWhy() throws Exception {
        String repository = "proof/app-" + UUID.randomUUID().toString().substring(0, 8);
        ImageReference tag = ImageReference.parse(env.noAuthRegistry() + "/" + repository + ":1");
        String other = otherImage(tag.familiar());
        try {
            assertThatThrownBy(() -> new DockerBuildPush(DockerEndpoint.of(env.dockerHost()), d -> {})
                            .run(
                                    BuildPushRequest.builder(mine())
                                            .withTag(tag)
                                            .withPushAttempts(2)
                                            .withRetryDelay(Duration.ofMillis(10))
                                            .build(),
                                    retagging(new RecordingListener(), tag, other, Integer.MAX_VALUE)))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("failed after 2 attempts")
                    .hasMessageContaining("is not of the image this run built")
                    .hasMessageContaining("another build re-tagged " + tag.familiar());
        } finally {
            client.removeImageCmd(other).withForce(true).exec();
        }
    }
}
