package io.jenkins.plugins.dockerdelivery.graph;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.Arrays;
import java.util.List;

/** Short ways to write producers in tests: {@code p("app", "app:1", "base:7")}. */
final class GraphFixtures {
    private GraphFixtures() {}

    static Producer p(String id, String image, String... bases) {
        return new Producer(
                id,
                List.of(ImageReference.parse(image)),
                Arrays.stream(bases).map(ImageReference::parse).toList());
    }

    static ImageReference img(String reference) {
        return ImageReference.parse(reference);
    }
}
