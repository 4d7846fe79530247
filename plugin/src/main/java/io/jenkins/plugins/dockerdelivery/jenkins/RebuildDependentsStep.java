package io.jenkins.plugins.dockerdelivery.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.graph.GraphRenderer;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlanner;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildListener;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serial;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code rebuildDependents}: after this build pushed a base image, rebuild every job whose image is built
 * FROM it, directly or through others, in waves: each job once, after all of its rebuilt parents, each
 * handed the digests its parents just pushed (its {@code dockerBuildPush} builds on them). A failed job
 * skips its descendants; unrelated branches go on. The plan comes from the graph that {@code
 * dockerBuildPush} records; the order, the failure isolation and the pins are the engine's {@link
 * RebuildRun}, the same as the CLI's {@code rebuild}.
 */
public class RebuildDependentsStep extends Step {
    private String images;
    private String match = "TAG";
    private boolean propagate;

    @DataBoundConstructor
    public RebuildDependentsStep() {}

    public String getImages() {
        return images;
    }

    /** @param images the rebuilt images; default: those this build pushed with dockerBuildPush */
    @DataBoundSetter
    public void setImages(String images) {
        this.images = TextFields.blankToNull(images);
    }

    public String getMatch() {
        return match;
    }

    /** @param match {@code TAG} (base:7 reaches FROM base:7 only) or {@code REPOSITORY} (any tag) */
    @DataBoundSetter
    public void setMatch(String match) {
        this.match = match == null || match.isBlank() ? "TAG" : match.trim().toUpperCase(Locale.ROOT);
    }

    public boolean isPropagate() {
        return propagate;
    }

    /** @param propagate fail this build when a rebuild fails (default: report it, and go on) */
    @DataBoundSetter
    public void setPropagate(boolean propagate) {
        this.propagate = propagate;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /**
     * Resumable: the rebuild's state is saved on the build ({@link RebuildAction}) after every event, and
     * driven by the builds' ends ({@link RebuildDriver}); no thread waits for the cascade. A restart
     * resumes it, {@link #stop} cancels the queued builds and aborts the running ones.
     */
    static final class Execution extends StepExecution {
        @Serial
        private static final long serialVersionUID = 1L;

        private final transient RebuildDependentsStep step;
        /** The id of this call's {@link RebuildAction} on the build. */
        private String rebuild;

        Execution(RebuildDependentsStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            PrintStream log = getContext().get(TaskListener.class).getLogger();
            if (run.getAction(RebuildTriggerAction.class) != null) {
                log.println("Not rebuilding dependents here: this build is part of a rebuild, which builds every"
                        + " dependent once.");
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("built", List.of());
                getContext().onSuccess(out);
                return true;
            }
            List<ImageReference> changed = changedImages(run);
            MatchLevel level;
            try {
                level = MatchLevel.valueOf(step.match);
            } catch (IllegalArgumentException e) {
                throw new AbortException("match must be TAG or REPOSITORY, not '" + step.match + "'");
            }
            List<BasePin> pins = pinsOf(changed, PushedDigestsAction.of(run));
            // the plan (and so the log) holds only jobs this build's user may read
            RebuildPlan plan = RebuildPlanner.plan(
                    ImageGraphStore.visible(ImageGraphStore.get().graph()), changed, level);
            log.print(GraphRenderer.plan(plan));
            String changedText = String.join(
                    ", ", changed.stream().map(ImageReference::familiar).toList());
            rebuild = UUID.randomUUID().toString();
            RebuildRun machine = RebuildRun.start(
                    plan,
                    level,
                    pins,
                    RebuildListener.writingTo(new BuildLog(getContext().get(TaskListener.class))),
                    Clock.systemUTC());
            RebuildAction action = new RebuildAction(rebuild, changedText, step.propagate, machine.state());
            run.addAction(action);
            RebuildDriver.start(getContext(), run, action);
            return false;
        }

        @Override
        public void onResume() {
            try {
                Run<?, ?> run = getContext().get(Run.class);
                RebuildAction action = rebuild == null ? null : RebuildAction.find(run, rebuild);
                if (action == null) {
                    getContext().onFailure(new AbortException("The rebuild's saved state is missing from " + run));
                    return;
                }
                RebuildDriver.resume(getContext(), run, action);
            } catch (IOException | InterruptedException | RuntimeException e) {
                getContext().onFailure(e);
            }
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            RebuildAction action = rebuild == null ? null : RebuildAction.find(run, rebuild);
            if (action != null) {
                RebuildDriver.stop(getContext(), run, action, cause);
            }
            getContext().onFailure(cause);
        }

        @Override
        public String getStatus() {
            try {
                Run<?, ?> run = getContext().get(Run.class);
                RebuildAction action = rebuild == null ? null : RebuildAction.find(run, rebuild);
                return action == null ? "planning" : "rebuilding " + action.getChanged();
            } catch (IOException | InterruptedException e) {
                return "rebuilding";
            }
        }

        /** The digests known for the changed images (what this build pushed): the first wave builds on them. */
        private static List<BasePin> pinsOf(List<ImageReference> changed, Map<String, String> pushed) {
            List<BasePin> pins = new ArrayList<>();
            for (ImageReference image : changed) {
                if (image.digest() != null) {
                    pins.add(new BasePin(image, "named in rebuildDependents"));
                    continue;
                }
                pushed.forEach((tag, digest) -> {
                    if (ImageReference.parse(tag).equals(image)) {
                        pins.add(new BasePin(image.withDigest(digest), "pushed by this build"));
                    }
                });
            }
            return pins;
        }

        private List<ImageReference> changedImages(Run<?, ?> run) throws AbortException {
            List<String> names = step.images != null ? TextFields.words(step.images) : pushedBy(run);
            if (names.isEmpty()) {
                throw new AbortException(
                        "No images to rebuild the dependents of: give images:, or push with dockerBuildPush first");
            }
            try {
                return names.stream().map(ImageReference::parse).toList();
            } catch (DeliveryException e) {
                throw Failures.abort(e);
            }
        }

        private static List<String> pushedBy(Run<?, ?> run) {
            PushedImagesAction pushed = run.getAction(PushedImagesAction.class);
            return pushed == null ? List.of() : pushed.getImages();
        }
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "rebuildDependents";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Texts.get("RebuildDependentsStep.DisplayName");
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @POST
        public ListBoxModel doFillMatchItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("Same tag (base:7 rebuilds FROM base:7)", "TAG");
            items.add("Any tag of the repository", "REPOSITORY");
            return items;
        }
    }
}
