package io.jenkins.plugins.dockerdelivery.image;

/** How closely two image references must agree to name "the same" image. */
public enum MatchLevel {
    /**
     * Same repository and same tag (or same digest): a rebuild of {@code base:7} reaches {@code FROM
     * base:7} children only. The default.
     */
    TAG,
    /** Same repository, any tag: a rebuild of {@code base:7} reaches {@code FROM base:8} children too. */
    REPOSITORY
}
