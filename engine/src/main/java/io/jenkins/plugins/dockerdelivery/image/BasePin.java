package io.jenkins.plugins.dockerdelivery.image;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.util.Objects;

/**
 * A base image a build must use at one exact digest: {@code registry/team/base:7@sha256:...}, with where
 * that digest comes from ("pushed by base/nginx-php in this run"). A rebuild hands each child the pins
 * of the parents it just pushed, so the child cannot pick up a stale local copy of the tag, nor a tag
 * moved again by a later push.
 *
 * @param image the pinned reference: a repository, usually a tag, and always a digest
 * @param origin where the digest comes from, in words, for the build log
 */
public record BasePin(ImageReference image, String origin) {
    public BasePin {
        Objects.requireNonNull(image, "image");
        if (image.digest() == null) {
            throw new InvalidInputException(
                    "A base pin needs a digest: write it as NAME:TAG@sha256:..., not '" + image.familiar() + "'");
        }
        origin = origin == null || origin.isBlank() ? "pinned" : origin;
    }

    /** Parses {@code NAME[:TAG]@sha256:...}. */
    public static BasePin parse(String text, String origin) {
        return new BasePin(ImageReference.parse(text), origin);
    }

    public String digest() {
        return image.digest();
    }

    /**
     * Whether this pin applies to {@code reference} as a Dockerfile names it: same repository, and at
     * {@link MatchLevel#TAG} (or when the pin itself has a tag and the level is TAG) the same tag. A
     * pin without a tag applies to every tag of its repository. A reference that already names a
     * digest is the Dockerfile's own choice and is never re-pinned.
     */
    public boolean appliesTo(ImageReference reference, MatchLevel level) {
        if (reference.digest() != null || !reference.repository().equals(image.repository())) {
            return false;
        }
        return level == MatchLevel.REPOSITORY
                || image.tag() == null
                || image.tag().equals(reference.tag());
    }

    /** What a pinned reference is rewritten to: the pushed name and tag, at the digest. */
    public String pinnedReference() {
        return image.familiar();
    }

    /** The repository and tag, without the digest: the {@code org.opencontainers.image.base.name}. */
    public String baseName() {
        return image.withoutDigest().familiar();
    }

    @Override
    public String toString() {
        return image.familiar() + " (" + origin + ")";
    }
}
