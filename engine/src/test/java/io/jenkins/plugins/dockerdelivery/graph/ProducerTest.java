package io.jenkins.plugins.dockerdelivery.graph;

import static io.jenkins.plugins.dockerdelivery.graph.GraphFixtures.img;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerTest {
    private static Producer record(String id, List<String> images, List<String> bases) {
        return new Producer(
                id,
                images.stream().map(GraphFixtures::img).toList(),
                bases.stream().map(GraphFixtures::img).toList());
    }

    @Test
    void aSecondImageOfTheSameJobIsAddedWithItsBases() {
        Producer app = record("shop", List.of("reg/app:1"), List.of("reg/base:7"));
        Producer worker = record("shop", List.of("reg/worker:1"), List.of("reg/python:3"));

        Producer both = app.updatedWith(worker);

        assertThat(both.images()).containsExactly(img("reg/app:1"), img("reg/worker:1"));
        assertThat(both.bases()).containsExactly(img("reg/base:7"), img("reg/python:3"));
        assertThat(both.updatedWith(app)).isEqualTo(both); // a repeated record adds nothing
    }

    @Test
    void aRecordOfEveryImageReplacesTheBasesSoAnOldBaseIsForgotten() {
        Producer before = record("shop", List.of("reg/app:1", "reg/app:latest"), List.of("reg/base:6"));
        Producer rebuilt = record("shop", List.of("reg/app:1", "reg/app:latest"), List.of("reg/base:7"));

        assertThat(before.updatedWith(rebuilt)).isEqualTo(rebuilt);
    }

    @Test
    void recordsOfTwoProducersAreNotMerged() {
        Producer app = record("app", List.of("reg/app:1"), List.of());
        Producer other = record("other", List.of("reg/other:1"), List.of());
        assertThatThrownBy(() -> app.updatedWith(other)).isInstanceOf(IllegalArgumentException.class);
    }
}
