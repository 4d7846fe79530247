package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;

/**
 * A tag as pushed, with the manifest digest the registry stored it under.
 *
 * @param digest {@code sha256:...}, what the registry answers as {@code Docker-Content-Digest}
 */
public record PushedImage(ImageReference tag, String digest) {
    /** The reference that pins exactly this push: {@code registry/app:1@sha256:...}. */
    public ImageReference pinned() {
        return tag.withDigest(digest);
    }
}
