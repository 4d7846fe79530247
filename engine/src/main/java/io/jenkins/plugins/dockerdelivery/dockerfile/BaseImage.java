package io.jenkins.plugins.dockerdelivery.dockerfile;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;

/**
 * An image from outside the Dockerfile that a build needs.
 *
 * @param image the image, normalised
 * @param line the line that names it
 * @param via how the Dockerfile uses it
 * @param stage the index of the stage that uses it
 * @param written the reference as the Dockerfile writes it, before ARG expansion: what a pin replaces
 */
public record BaseImage(ImageReference image, int line, Via via, int stage, String written) {
    public enum Via {
        FROM,
        COPY_FROM,
        RUN_MOUNT_FROM
    }
}
