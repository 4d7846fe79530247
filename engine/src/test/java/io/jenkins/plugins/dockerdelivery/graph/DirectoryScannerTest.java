package io.jenkins.plugins.dockerdelivery.graph;

import static io.jenkins.plugins.dockerdelivery.graph.GraphFixtures.img;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileException;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryScannerTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void scansTheExampleTreeAndPlansARebuildOfTheBase() {
        ImageGraph graph = DirectoryScanner.scan(EXAMPLES, Map.of("REGISTRY", "127.0.0.1:5000"));
        assertThat(graph.producers())
                .extracting(Producer::id)
                .containsExactly("apps/blog", "apps/shop", "apps/shop-plugins", "base/nginx-php");
        assertThat(graph.producer("apps/shop").bases())
                .containsExactly(img("local/busybox:latest"), img("127.0.0.1:5000/team/nginx-php:8.3"));
        assertThat(graph.producer("apps/shop-plugins").images())
                .containsExactly(img("127.0.0.1:5000/team/shop-plugins:1"));

        RebuildPlan plan =
                RebuildPlanner.plan(graph, List.of(img("127.0.0.1:5000/team/nginx-php:8.3")), MatchLevel.TAG);
        assertThat(plan.waves()).containsExactly(List.of("apps/blog", "apps/shop"), List.of("apps/shop-plugins"));
    }

    @Test
    void settingsDefaultsApplyWithoutOverrides() {
        ImageGraph graph = DirectoryScanner.scan(EXAMPLES);
        assertThat(graph.producer("apps/blog").bases()).containsExactly(img("localhost:5000/team/nginx-php:8.3"));
    }

    @Test
    void dockerfilesWithoutSettingsProduceTheirPathAndOtherNamesAreProducersOfTheirOwn(@TempDir Path dir)
            throws IOException {
        Files.createDirectories(dir.resolve("Svc_One"));
        Files.writeString(dir.resolve("Svc_One/Dockerfile"), "FROM alpine:3.20\n");
        Files.writeString(dir.resolve("Svc_One/worker.Dockerfile"), "FROM svc_one\n");
        Files.writeString(dir.resolve("Svc_One/worker.Dockerfile.docker-delivery.yaml"), "image: team/worker:2\n");
        ImageGraph graph = DirectoryScanner.scan(dir);
        assertThat(graph.producers()).extracting(Producer::id).containsExactly("Svc_One", "Svc_One/worker.Dockerfile");
        assertThat(graph.producer("Svc_One").images()).containsExactly(img("svc_one:latest"));
        assertThat(graph.producer("Svc_One/worker.Dockerfile").images()).containsExactly(img("team/worker:2"));
        assertThat(graph.children(img("svc_one"), MatchLevel.TAG)).containsExactly(img("team/worker:2"));
    }

    @Test
    void badFilesAreClearErrorsNamingTheFile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/Dockerfile"), "FROM alpine\n");
        Files.writeString(dir.resolve("a/docker-delivery.yaml"), "imgae: x\n");
        assertThatThrownBy(() -> DirectoryScanner.scan(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("a/docker-delivery.yaml: unknown key 'imgae' (known: image, images, target, buildArgs)");

        Files.writeString(dir.resolve("a/docker-delivery.yaml"), "image: x\nimage: y\n");
        assertThatThrownBy(() -> DirectoryScanner.scan(dir))
                .hasMessageContaining("a/docker-delivery.yaml:2:")
                .hasMessageContaining("duplicate key");

        Files.delete(dir.resolve("a/docker-delivery.yaml"));
        Files.writeString(dir.resolve("a/Dockerfile"), "RUN x\nFROM alpine\n");
        assertThatThrownBy(() -> DirectoryScanner.scan(dir))
                .isInstanceOf(DockerfileException.class)
                .hasMessageStartingWith("a/Dockerfile:1: RUN comes before the first FROM");
        assertThatThrownBy(() -> DirectoryScanner.scan(dir.resolve("missing")))
                .hasMessageContaining("is not a directory");
    }
}
