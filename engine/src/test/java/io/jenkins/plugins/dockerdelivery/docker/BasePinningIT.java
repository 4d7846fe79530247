package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.testenv.TestDaemon;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pin is real: base v2 is pushed while the daemon still holds v1 under the same tag (as a stale
 * agent would), and a child pinned to v2's digest is built from v2, with both builders.
 */
class BasePinningIT {
    private static TestEnvironment env;
    private static TestDaemon daemon;
    private static DockerClient client;

    @TempDir
    Path dir;

    private String base; // registry/dd-test/pin-base-XXXX:7
    private BasePin v2;
    private final List<String> created = new ArrayList<>();

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

    /** Pushes base v1, then base v2 under the same tag, then puts v1 back under the tag locally. */
    @BeforeEach
    void staleAgent() throws IOException {
        base = env.noAuthRegistry() + "/dd-test/pin-base-"
                + UUID.randomUUID().toString().substring(0, 8) + ":7";
        Path v1 = context("v1", "FROM " + env.baseImage() + "\nRUN echo v1 > /release\n");
        Path v2Dir = context("v2", "FROM " + env.baseImage() + "\nRUN echo v2 > /release && echo yes > /only-in-v2\n");
        String v1Id = buildPush(v1, base, true).imageId();
        created.add(base);
        BuildPushResult pushedV2 = buildPush(v2Dir, base, true);
        v2 = new BasePin(pushedV2.pushed().get(0).pinned(), "pushed by base in this run");
        // the agent still has v1 under the tag: a build that resolves the tag locally gets v1
        client.tagImageCmd(v1Id, base.substring(0, base.lastIndexOf(':')), "7")
                .withForce()
                .exec();
        assertThat(ImageInspector.fileContent(client, base, "/release")).isEqualTo("v1\n");
    }

    @AfterEach
    void removeImages() {
        daemon.removeImages(created);
    }

    private Path context(String name, String dockerfile) throws IOException {
        Path context = Files.createDirectories(dir.resolve(name));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        return context;
    }

    private BuildPushResult buildPush(Path context, String tag, boolean push) {
        return new DockerBuildPush(DockerEndpoint.of(env.dockerHost()))
                .run(
                        BuildPushRequest.builder(context)
                                .withTag(tag)
                                .withPush(push)
                                .build(),
                        new RecordingListener());
    }

    private String child() {
        String tag = "dd-test/pin-child-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        created.add(tag);
        return tag;
    }

    private BuildPushResult build(Path context, String tag, Builder builder, RecordingListener log, BasePin... pins) {
        return new DockerBuildPush(DockerEndpoint.of(env.dockerHost()))
                .run(
                        BuildPushRequest.builder(context)
                                .withTag(tag)
                                .withBuildArg("REGISTRY", env.noAuthRegistry())
                                .withBuilder(builder)
                                .withPush(false)
                                .withBasePins(List.of(pins))
                                .build(),
                        log);
    }

    @ParameterizedTest
    @EnumSource(
            value = Builder.class,
            names = {"CLASSIC", "BUILDKIT"})
    void anArgParameterisedFromIsBuiltOnThePinnedDigestNotTheStaleLocalTag(Builder builder) throws IOException {
        String repository = base.substring(env.noAuthRegistry().length() + 1, base.lastIndexOf(':'));
        Path context = context(
                "child",
                "ARG REGISTRY=nowhere.example\nARG TAG=7\nFROM ${REGISTRY}/" + repository + ":${TAG}\n"
                        + "RUN cat /only-in-v2 > /seen && cat /release >> /seen\n");

        assertThatThrownBy(() -> build(context, child(), builder, new RecordingListener()))
                .as("unpinned, the build resolves the stale local tag (v1), which lacks the file")
                .isInstanceOf(DeliveryException.class);

        RecordingListener log = new RecordingListener();
        String child = child();
        build(context, child, builder, log, v2);

        assertThat(ImageInspector.fileContent(client, child, "/seen")).isEqualTo("yes\nv2\n");
        assertThat(log.lines())
                .contains("FROM " + base + " pinned to " + v2.digest() + ", pushed by base in this run (line 3)");
        Map<String, String> labels =
                client.inspectImageCmd(child).exec().getConfig().getLabels();
        assertThat(labels)
                .containsEntry("org.opencontainers.image.base.name", base)
                .containsEntry("org.opencontainers.image.base.digest", v2.digest());
        assertThat(Files.readString(context.resolve("Dockerfile")))
                .as("the user's Dockerfile is left as it is")
                .doesNotContain("sha256:");
    }

    @ParameterizedTest
    @EnumSource(
            value = Builder.class,
            names = {"CLASSIC", "BUILDKIT"})
    void copyFromAnImageIsPinned(Builder builder) throws IOException {
        Path context = context(
                "copy", "FROM " + env.baseImage() + "\nCOPY --from=" + base + " /only-in-v2 /release /from-base/\n");
        String child = child();
        RecordingListener log = new RecordingListener();
        build(context, child, builder, log, v2);

        assertThat(ImageInspector.fileContent(client, child, "/from-base/release"))
                .isEqualTo("v2\n");
        assertThat(log.lines()).anyMatch(l -> l.startsWith("COPY --from " + base + " pinned to " + v2.digest()));
        assertThat(client.inspectImageCmd(child).exec().getConfig().getLabels())
                .as("the image is not FROM the pinned base: no base labels")
                .doesNotContainKey("org.opencontainers.image.base.digest");
    }

    @Test
    void aStageNamedLikeAPinnedImageIsNotPinned() throws IOException {
        BasePin busybox = BasePin.parse("busybox:latest@" + v2.digest(), "pushed by busybox in this run");
        Path context = context(
                "stage",
                "FROM " + env.baseImage() + " AS busybox\nRUN echo stage > /stage\n"
                        + "FROM busybox\nRUN cat /stage\n");
        RecordingListener log = new RecordingListener();
        String child = child();
        // were the stage taken for docker.io/library/busybox, the build would fail: no Docker Hub here
        build(context, child, Builder.BUILDKIT, log, busybox);

        assertThat(ImageInspector.fileContent(client, child, "/stage")).isEqualTo("stage\n");
        assertThat(log.lines()).noneMatch(l -> l.contains(" pinned to "));
    }

    @ParameterizedTest
    @EnumSource(
            value = Builder.class,
            names = {"CLASSIC", "BUILDKIT"})
    void errorLineNumbersStillPointAtTheUsersDockerfile(Builder builder) throws IOException {
        Path context = context("broken", "ARG TAG=7\n\nFROM " + base + "\nRUN true\nNOSUCH instruction\n");

        assertThatThrownBy(() -> build(context, child(), builder, new RecordingListener(), v2))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("line 5");
    }
}
