package io.jenkins.plugins.dockerdelivery.rebuild;

/** Where a producer of a rebuild stands, or how it ended. */
public enum Outcome {
    /** Not started yet: waiting for its wave. */
    PENDING,
    /** Started (building, or queued in Jenkins). */
    RUNNING,
    /** Built (and pushed, unless the build does not push). */
    BUILT,
    /** Its build failed: its descendants are skipped. */
    FAILED,
    /** Not built: a parent failed or was skipped, or it is in a dependency cycle. */
    SKIPPED,
    /** Not built, or stopped while building: the rebuild was cancelled. */
    CANCELLED;

    /** Whether the producer is done, one way or another. */
    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
