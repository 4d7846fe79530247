package io.jenkins.plugins.dockerdelivery.dockerfile;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;

/**
 * An image from outside the Dockerfile that a build needs.
 *
 * @param image the image, normalised
 * @param line the line that names it
 * @param via how the Dockerfile uses it
 * @param stage the index of the stage that uses it
 */
public record BaseImage(ImageReference image, int line, Via via, int stage) {
    public enum Via {
        FROM,
        COPY_FROM,
        RUN_MOUNT_FROM
    }
}
