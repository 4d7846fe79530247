package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.AbortException;
import hudson.model.CauseAction;
import hudson.model.Computer;
import hudson.model.Executor;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.rebuild.Outcome;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildListener;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildRun;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.springframework.security.core.Authentication;

/**
 * Drives the engine's {@link RebuildRun} from Jenkins events, as pipeline-build-step drives one
 * downstream build: the step's start, a downstream build's end ({@link RebuildRunListener}), a queued
 * build cancelled ({@link RebuildRunListener.QueueCancellations}), the step's resumption after a restart, its stop.
 * Each event loads the state saved on the upstream build ({@link RebuildAction}), applies the event,
 * schedules what can start now, and saves the state again before anything else happens: a restart
 * at any point resumes from the last saved state, and a build scheduled but not yet recorded is found
 * again by its {@link RebuildTriggerAction}.
 */
final class RebuildDriver {
    private static final Logger LOGGER = Logger.getLogger(RebuildDriver.class.getName());
    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();
    /** Builds of a job looked at for one started by a rebuild, after a restart. */
    private static final int BUILDS_SEARCHED = 20;

    private RebuildDriver() {}

    /** The step started: the first wave is scheduled. */
    static void start(StepContext context, Run<?, ?> upstream, RebuildAction action)
            throws IOException, InterruptedException {
        advance(context, upstream, action, run -> {});
    }

    /** A build this rebuild started is over (finalized, or cancelled while queued). */
    static void finished(RebuildTriggerAction trigger, Outcome outcome, Map<String, String> pushed, String reason) {
        StepContext context = trigger.context();
        try {
            Run<?, ?> upstream = context.get(Run.class);
            RebuildAction action = upstream == null ? null : RebuildAction.find(upstream, trigger.getRebuild());
            if (action == null) {
                return;
            }
            advance(context, upstream, action, run -> {
                if (run.outcome(trigger.getProducer()) == Outcome.RUNNING) {
                    Outcome effective = outcome == Outcome.FAILED && run.isCancelled() ? Outcome.CANCELLED : outcome;
                    run.finished(trigger.getProducer(), effective, pushed, reason);
                }
            });
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not report the end of a rebuild of " + trigger.getProducer(), e);
        }
    }

    /**
     * After a restart: every producer recorded as running is looked for. Finished meanwhile: its end
     * is applied; queued or building: its end will come as an event; nowhere (scheduled just before
     * the restart, never recorded by the queue): it is scheduled again.
     */
    static void resume(StepContext context, Run<?, ?> upstream, RebuildAction action)
            throws IOException, InterruptedException {
        if (action.isCompleted()) {
            // the restart came after the rebuild ended but before the step heard of it
            RebuildSummary summary = RebuildRun.resume(
                            action.state(), RebuildListener.writingTo(l -> {}), Clock.systemUTC())
                    .summary();
            if (summary.cancelled() != null) {
                context.onFailure(new AbortException("The rebuild was cancelled: " + summary.cancelled()));
            } else {
                complete(
                        context,
                        action,
                        summary,
                        context.get(TaskListener.class).getLogger(),
                        action.isPropagate());
            }
            return;
        }
        advance(context, upstream, action, run -> {
            for (Map.Entry<String, String> running : run.running().entrySet()) {
                String producer = running.getKey();
                Job<?, ?> job = job(producer);
                if (job == null) {
                    run.finished(producer, Outcome.FAILED, Map.of(), "the job is gone");
                    continue;
                }
                if (queued(job, action.getId(), producer)) {
                    continue;
                }
                Run<?, ?> build = build(job, action.getId(), producer);
                if (build == null) {
                    run.lost(producer); // the schedule was lost: it starts again below
                } else if (!build.isBuilding()) {
                    run.finished(producer, outcome(build.getResult()), PushedDigestsAction.of(build), reason(build));
                }
            }
        });
    }

    /**
     * The step is stopped: nothing new starts, the queued builds of this rebuild are cancelled and
     * those building are aborted. Their ends arrive later and are recorded as cancelled.
     */
    static void stop(StepContext context, Run<?, ?> upstream, RebuildAction action, Throwable cause)
            throws IOException, InterruptedException {
        synchronized (lock(action)) {
            TaskListener listener = context.get(TaskListener.class);
            RebuildRun run = RebuildRun.resume(action.state(), logTo(listener), Clock.systemUTC());
            run.cancel(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            action.update(run.state());
            action.markCompleted();
            upstream.save();
        }
        Queue queue = Jenkins.get().getQueue();
        for (Queue.Item item : queue.getItems()) {
            RebuildTriggerAction trigger = item.getAction(RebuildTriggerAction.class);
            if (trigger != null && trigger.getRebuild().equals(action.getId())) {
                queue.cancel(item);
            }
        }
        for (Computer computer : Jenkins.get().getComputers()) {
            List<Executor> executors = new ArrayList<>(computer.getExecutors());
            executors.addAll(computer.getOneOffExecutors());
            for (Executor executor : executors) {
                if (executor.getCurrentExecutable() instanceof Run<?, ?> build) {
                    RebuildTriggerAction trigger = build.getAction(RebuildTriggerAction.class);
                    if (trigger != null && trigger.getRebuild().equals(action.getId())) {
                        executor.interrupt(Result.ABORTED);
                    }
                }
            }
        }
    }

    private interface Event {
        void apply(RebuildRun run);
    }

    /** Loads the state, applies {@code event}, schedules what can start, saves; completes the step at the end. */
    private static void advance(StepContext context, Run<?, ?> upstream, RebuildAction action, Event event)
            throws IOException, InterruptedException {
        synchronized (lock(action)) {
            if (action.isCompleted()) {
                // stopped (or done): the builds that were stopped still report, for the summary
                RebuildRun run =
                        RebuildRun.resume(action.state(), RebuildListener.writingTo(l -> {}), Clock.systemUTC());
                event.apply(run);
                action.update(run.state());
                upstream.save();
                return;
            }
            TaskListener listener = context.get(TaskListener.class);
            RebuildListener log = logTo(listener);
            RebuildRun run = RebuildRun.resume(action.state(), log, Clock.systemUTC());
            event.apply(run);
            scheduleStartable(context, upstream, action, run, log);
            action.update(run.state());
            upstream.save();
            if (run.isDone()) {
                action.markCompleted();
                upstream.save();
                complete(context, action, run.summary(), listener.getLogger(), action.isPropagate());
            }
        }
    }

    private static void scheduleStartable(
            StepContext context, Run<?, ?> upstream, RebuildAction action, RebuildRun run, RebuildListener log)
            throws IOException {
        for (List<String> startable = run.startable(Integer.MAX_VALUE);
                !startable.isEmpty();
                startable = run.startable(Integer.MAX_VALUE)) {
            for (String producer : startable) {
                Job<?, ?> job = job(producer);
                if (job == null || !job.hasPermission2(authenticationOf(upstream), Item.BUILD)) {
                    run.started(producer, null);
                    run.finished(producer, Outcome.FAILED, Map.of(), "no such job, or this build may not start it");
                    continue;
                }
                run.started(producer, job.getFullName());
                action.update(run.state());
                upstream.save(); // recorded before it is scheduled: a restart now finds it, or schedules it again
                Queue.Item item = ParameterizedJobMixIn.scheduleBuild2(
                        job,
                        0,
                        new CauseAction(new RebuildCause(upstream, action.getChanged())),
                        new RebuildTriggerAction(
                                context, action.getId(), producer, run.pinsFor(producer), run.level()));
                if (item == null) {
                    run.finished(producer, Outcome.FAILED, Map.of(), "Jenkins would not schedule it (is it disabled?)");
                }
            }
        }
    }

    private static void complete(
            StepContext context, RebuildAction action, RebuildSummary summary, PrintStream log, boolean propagate) {
        log.println();
        log.print(summary.table());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("built", producers(summary, Outcome.BUILT));
        result.put("failed", producers(summary, Outcome.FAILED));
        result.put("skipped", producers(summary, Outcome.SKIPPED));
        result.put("cancelled", producers(summary, Outcome.CANCELLED));
        result.put(
                "cycles",
                summary.cycles().stream().map(RebuildPlan.Cycle::toString).toList());
        Map<String, String> digests = new LinkedHashMap<>();
        summary.rows().forEach(r -> digests.putAll(r.pushed()));
        result.put("digests", digests);
        if (propagate && !summary.allBuilt()) {
            context.onFailure(new AbortException("Rebuild of the dependents of " + action.getChanged() + ": "
                    + summary.count(Outcome.FAILED) + " failed, " + summary.count(Outcome.SKIPPED) + " skipped"
                    + (summary.cycles().isEmpty() ? "" : ", cycles: " + summary.cycles())));
        } else {
            context.onSuccess(result);
        }
    }

    private static List<String> producers(RebuildSummary summary, Outcome outcome) {
        return new ArrayList<>(summary.rows().stream()
                .filter(r -> r.outcome() == outcome)
                .map(RebuildSummary.Row::producer)
                .toList());
    }

    static Outcome outcome(Result result) {
        return result != null && result.isBetterOrEqualTo(Result.SUCCESS) ? Outcome.BUILT : Outcome.FAILED;
    }

    static String reason(Run<?, ?> build) {
        return build.getFullDisplayName() + " finished " + build.getResult();
    }

    /** Jobs are looked up as SYSTEM (a user who may only discover a job must not get a trace); the build checks BUILD. */
    private static Job<?, ?> job(String fullName) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            return Jenkins.get().getItemByFullName(fullName, Job.class);
        }
    }

    /** Who the upstream build runs as: what may start the downstream builds. */
    private static Authentication authenticationOf(Run<?, ?> upstream) {
        return upstream.getParent() instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }

    private static boolean queued(Job<?, ?> job, String rebuild, String producer) {
        for (Queue.Item item : Jenkins.get().getQueue().getItems()) {
            RebuildTriggerAction trigger = item.getAction(RebuildTriggerAction.class);
            if (trigger != null
                    && trigger.getRebuild().equals(rebuild)
                    && trigger.getProducer().equals(producer)) {
                return true;
            }
        }
        return false;
    }

    private static Run<?, ?> build(Job<?, ?> job, String rebuild, String producer) {
        int looked = 0;
        for (Run<?, ?> build = job.getLastBuild();
                build != null && looked < BUILDS_SEARCHED;
                build = build.getPreviousBuild()) {
            looked++;
            RebuildTriggerAction trigger = build.getAction(RebuildTriggerAction.class);
            if (trigger != null
                    && trigger.getRebuild().equals(rebuild)
                    && trigger.getProducer().equals(producer)) {
                return build;
            }
        }
        return null;
    }

    private static Object lock(RebuildAction action) {
        return LOCKS.computeIfAbsent(action.getId(), id -> new Object());
    }

    private static RebuildListener logTo(TaskListener listener) {
        return RebuildListener.writingTo(new BuildLog(listener));
    }
}
