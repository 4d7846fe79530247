package io.jenkins.plugins.dockerdelivery.graph;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    /**
     * This producer after a later record of the same producer, such as a second {@code dockerBuildPush}
     * of one build or a build of the same job that pushed another image: the images and bases of both,
     * in the order first recorded. When the later record holds every image this one has, it replaces
     * it: the producer rebuilt all of its images, so its bases are now those of the later record (a
     * base it no longer uses is forgotten).
     */
    public Producer updatedWith(Producer later) {
        if (!later.id.equals(id)) {
            throw new IllegalArgumentException("records of two producers: " + id + " and " + later.id);
        }
        if (later.images.containsAll(images)) {
            return later;
        }
        return new Producer(id, union(images, later.images), union(bases, later.bases));
    }

    private static List<ImageReference> union(List<ImageReference> first, List<ImageReference> second) {
        Set<ImageReference> both = new LinkedHashSet<>(first);
        both.addAll(second);
        return List.copyOf(both);
    }
}
