package io.jenkins.plugins.dockerdelivery.docker;

/** Which image builder of the daemon to use. */
public enum Builder {
    /** BuildKit where the daemon has it, else the classic builder (and say so). */
    AUTO,
    /** BuildKit only ({@code POST /build?version=2}); fail where the daemon lacks it. */
    BUILDKIT,
    /** The classic builder only ({@code version=1}). */
    CLASSIC
}
