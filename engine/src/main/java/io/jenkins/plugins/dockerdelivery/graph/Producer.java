package io.jenkins.plugins.dockerdelivery.graph;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * Whatever builds images: a Jenkins job, a directory with a Dockerfile.
 *
 * @param id a stable, unique name: the job's full name, the directory's path
 * @param images the images it produces (one build may tag several)
 * @param bases the external images its build uses ({@code FROM}, {@code COPY --from}, mounts)
 */
public record Producer(String id, List<ImageReference> images, List<ImageReference> bases) {
    public Producer {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new InvalidInputException("A producer needs a non-empty id");
        }
        images = List.copyOf(images);
        bases = List.copyOf(bases);
    }
}
