package io.jenkins.plugins.dockerdelivery.graph;

import static io.jenkins.plugins.dockerdelivery.graph.GraphFixtures.img;
import static io.jenkins.plugins.dockerdelivery.graph.GraphFixtures.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGraphTest {
    private final ImageGraph graph = ImageGraph.of(List.of(
            p("base", "reg:5000/team/base:7", "busybox"),
            p("app", "reg:5000/team/app:1", "reg:5000/team/base:7"),
            p("plugins", "reg:5000/team/plugins:1", "reg:5000/team/app:1"),
            p("legacy", "reg:5000/team/legacy:1", "reg:5000/team/base:6")));

    @Test
    void childrenDescendantsAndAncestors() {
        assertThat(graph.children(img("reg:5000/team/base:7"), MatchLevel.TAG))
                .containsExactly(img("reg:5000/team/app:1"));
        assertThat(graph.descendants(img("reg:5000/team/base:7"), MatchLevel.TAG))
                .containsExactly(img("reg:5000/team/app:1"), img("reg:5000/team/plugins:1"));
        assertThat(graph.descendants(img("reg:5000/team/base:7"), MatchLevel.REPOSITORY))
                .hasSize(3);
        assertThat(graph.ancestors(img("reg:5000/team/plugins:1"), MatchLevel.TAG))
                .containsExactly(img("reg:5000/team/app:1"), img("reg:5000/team/base:7"), img("busybox"));
        assertThat(graph.producersOf(img("reg:5000/team/app:1"), MatchLevel.TAG))
                .extracting(Producer::id)
                .containsExactly("app");
    }

    @Test
    void aroundAProducerAreItsAncestorsAndDescendantsOnly() {
        ImageGraph withUnrelated = graph.with(p("other", "reg:5000/team/other:1", "alpine"));
        assertThat(withUnrelated.around("app", MatchLevel.TAG).producers())
                .extracting(Producer::id)
                .containsExactly("app", "base", "plugins");
        assertThat(withUnrelated.around("base", MatchLevel.TAG).producers())
                .extracting(Producer::id)
                .containsExactly("app", "base", "plugins");
        assertThat(withUnrelated.around("base", MatchLevel.REPOSITORY).producers())
                .extracting(Producer::id)
                .containsExactly("app", "base", "legacy", "plugins");
        assertThat(withUnrelated.around("nope", MatchLevel.TAG).producers()).isEmpty();
    }

    @Test
    void roundTripsThroughJson() {
        String json = graph.toJson();
        assertThat(json).contains("\"version\" : 1").contains("\"reg:5000/team/base:7\"");
        assertThat(ImageGraph.fromJson(json)).isEqualTo(graph);
    }

    @Test
    void unreadableJsonIsAClearError() {
        assertThatThrownBy(() -> ImageGraph.fromJson(
                        "{\"version\":1,\"producers\":[{\"id\":\"x\",\"images\":[\"Bad\"],\"bases\":[]}]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Cannot read the image graph JSON");
        assertThatThrownBy(() -> ImageGraph.fromJson("{\"version\":9,\"producers\":[]}"))
                .hasMessageContaining("format version 9");
    }

    @Test
    void withAndWithoutReplaceAndRemoveProducers() {
        ImageGraph changed = graph.with(p("app", "reg:5000/team/app:2", "reg:5000/team/base:7"))
                .without("legacy");
        assertThat(changed.producers()).extracting(Producer::id).containsExactly("app", "base", "plugins");
        assertThat(changed.producer("app").images()).containsExactly(img("reg:5000/team/app:2"));
        assertThat(graph.producer("legacy")).isNotNull(); // the original is unchanged
    }

    @Test
    void duplicateIdsAreRejected() {
        assertThatThrownBy(() -> ImageGraph.of(List.of(p("a", "a:1"), p("a", "b:1"))))
                .hasMessageContaining("Two producers have the id 'a'");
    }
}
