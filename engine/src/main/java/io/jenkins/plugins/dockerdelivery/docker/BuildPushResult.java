package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.time.Duration;
import java.util.List;

/**
 * What a build-and-push produced.
 *
 * @param imageId the built image's ID, {@code sha256:...}
 * @param builder the builder that ran (AUTO resolves to one of the others)
 * @param pushed every pushed tag with its digest, in request order; empty with push off
 * @param bases the external images the built target is FROM: what the dependency graph records
 */
public record BuildPushResult(
        String imageId,
        Builder builder,
        List<PushedImage> pushed,
        List<ImageReference> bases,
        Duration buildTime,
        Duration pushTime) {
    public BuildPushResult {
        pushed = List.copyOf(pushed);
        bases = List.copyOf(bases);
    }
}
