package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.Cause;
import hudson.model.Run;

/**
 * Why a build started: an image it is built FROM was rebuilt. Its own {@code rebuildDependents} then
 * does nothing, since the build that started it runs the whole plan (that is how every job builds
 * once, after all of its parents).
 */
public class RebuildCause extends Cause.UpstreamCause {
    private final String images;

    public RebuildCause(Run<?, ?> upstream, String images) {
        super(upstream);
        this.images = images;
    }

    public String getImages() {
        return images;
    }

    @Override
    public String getShortDescription() {
        return Texts.get("RebuildCause.Description", images, getUpstreamProject() + " #" + getUpstreamBuild());
    }
}
