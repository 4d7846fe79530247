package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.List;

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

    /**
     * Whether an image's {@code RepoDigests}, as the daemon reports them, hold the manifest {@code
     * digest} of {@code tag}'s repository: then the daemon pushed that image as that manifest.
     */
    static boolean confirms(List<String> repoDigests, ImageReference tag, String digest) {
        if (repoDigests == null) {
            return false;
        }
        for (String repoDigest : repoDigests) {
            int at = repoDigest.indexOf('@');
            if (at > 0
                    && repoDigest.substring(at + 1).equals(digest)
                    && ImageReference.parse(repoDigest.substring(0, at))
                            .repository()
                            .equals(tag.repository())) {
                return true;
            }
        }
        return false;
    }
}
