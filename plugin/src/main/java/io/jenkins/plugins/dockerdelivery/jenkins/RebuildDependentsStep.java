package io.jenkins.plugins.dockerdelivery.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.queue.QueueTaskFuture;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.graph.GraphRenderer;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlanner;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.io.PrintStream;
import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code rebuildDependents}: after this build pushed a base image, rebuild every job whose image is built
 * FROM it, directly or through others, in waves: each job once, after all of its rebuilt parents. A
 * failed job skips its descendants; unrelated branches go on. The plan comes from the graph that
 * {@code dockerBuildPush} records.
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

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final transient RebuildDependentsStep step;

        Execution(RebuildDependentsStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            PrintStream log = getContext().get(TaskListener.class).getLogger();
            Map<String, Object> out = new LinkedHashMap<>();
            RebuildCause started = run.getCause(RebuildCause.class);
            if (started != null) {
                log.println("Not rebuilding dependents here: this build is part of the rebuild run by "
                        + started.getUpstreamProject() + " #" + started.getUpstreamBuild()
                        + ", which builds every dependent once.");
                out.put("built", List.of());
                return out;
            }
            List<ImageReference> changed = changedImages(run);
            MatchLevel level;
            try {
                level = MatchLevel.valueOf(step.match);
            } catch (IllegalArgumentException e) {
                throw new AbortException("match must be TAG or REPOSITORY, not '" + step.match + "'");
            }
            RebuildPlan plan = RebuildPlanner.plan(ImageGraphStore.get().graph(), changed, level);
            log.print(GraphRenderer.plan(plan));

            List<String> built = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            String changedText = String.join(
                    ", ", changed.stream().map(ImageReference::familiar).toList());
            for (int wave = 0; wave < plan.waves().size(); wave++) {
                Map<String, QueueTaskFuture<Queue.Executable>> running = new LinkedHashMap<>();
                for (String id : plan.waves().get(wave)) {
                    Job<?, ?> job = Jenkins.get()
                            .getItemByFullName(id, Job.class); // as this build's user: only what it may see
                    if (job == null || !job.hasPermission(Item.BUILD)) {
                        log.println("  " + id + ": skipped: no such job, or this build may not start it");
                        plan = plan.afterFailure(id);
                        failed.add(id);
                        continue;
                    }
                    Queue.Item item = ParameterizedJobMixIn.scheduleBuild2(
                            job, 0, new CauseAction(new RebuildCause(run, changedText)));
                    if (item == null) {
                        log.println("  " + id + ": skipped: Jenkins would not schedule it (disabled?)");
                        plan = plan.afterFailure(id);
                        failed.add(id);
                        continue;
                    }
                    log.println("  wave " + (wave + 1) + ": started " + id);
                    running.put(id, item.getFuture());
                }
                for (Map.Entry<String, QueueTaskFuture<Queue.Executable>> e : running.entrySet()) {
                    Queue.Executable executable = e.getValue().get();
                    Result result = executable instanceof Run<?, ?> r ? r.getResult() : null;
                    if (result != null && result.isBetterOrEqualTo(Result.SUCCESS)) {
                        built.add(e.getKey());
                        log.println("  " + e.getKey() + ": " + result);
                    } else {
                        failed.add(e.getKey());
                        plan = plan.afterFailure(e.getKey());
                        log.println("  " + e.getKey() + ": " + result + "; its dependents are skipped");
                    }
                }
            }
            plan.skipped().stream()
                    .filter(s -> !failed.contains(s.producer()))
                    .forEach(s -> log.println("  " + s.producer() + ": " + s.reason()));
            out.put("built", built);
            out.put("failed", failed);
            out.put(
                    "skipped",
                    plan.skipped().stream().map(RebuildPlan.Skipped::producer).toList());
            out.put(
                    "cycles",
                    plan.cycles().stream().map(RebuildPlan.Cycle::toString).toList());
            if (step.propagate && (!failed.isEmpty() || !plan.cycles().isEmpty())) {
                throw new AbortException("Rebuild of the dependents of " + changedText + ": " + failed.size()
                        + " failed" + (plan.cycles().isEmpty() ? "" : ", cycles: " + plan.cycles()));
            }
            return out;
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
