package io.jenkins.plugins.dockerdelivery.jenkins;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.console.ModelHyperlinkNote;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;

/**
 * Why a build started: an image it is built FROM was rebuilt. Its own {@code rebuildDependents} then
 * does nothing, since the build that started it runs the whole plan (that is how every job builds
 * once, after all of its parents).
 *
 * <p>An {@link Cause.UpstreamCause}, so that Jenkins and other plugins see the upstream build; its own
 * text replaces the upstream cause's in the build log ({@link #print}) and on the build page ({@code
 * description.jelly}).
 */
@SuppressFBWarnings(
        value = "EQ_DOESNT_OVERRIDE_EQUALS",
        justification = "Equal as upstream causes: one upstream build rebuilds its dependents once, for the images it"
                + " pushed. An equals that also compared the images could not be symmetric with UpstreamCause's.")
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

    @Override
    public void print(TaskListener listener) {
        listener.getLogger()
                .println(Texts.get(
                        "RebuildCause.Description",
                        images,
                        ModelHyperlinkNote.encodeTo(
                                "/" + getUpstreamUrl() + getUpstreamBuild() + "/",
                                getUpstreamProject() + " #" + getUpstreamBuild())));
    }
}
