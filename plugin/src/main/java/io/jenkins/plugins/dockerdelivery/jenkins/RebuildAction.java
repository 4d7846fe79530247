package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildListener;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildRun;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildState;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildSummary;
import java.time.Clock;
import java.util.List;

/**
 * On the build that ran {@code rebuildDependents}: the rebuild's whole state, saved with the build
 * after every event, so that the step resumes after a controller restart from where it was; and its
 * summary, shown on the build page. One per {@code rebuildDependents} call.
 */
public class RebuildAction extends InvisibleAction {
    private final String id;
    private final String changed;
    private final boolean propagate;
    private String state; // RebuildState as JSON: a plain string for the build.xml
    private boolean completed;

    RebuildAction(String id, String changed, boolean propagate, RebuildState state) {
        this.id = id;
        this.changed = changed;
        this.propagate = propagate;
        this.state = state.toJson();
    }

    static RebuildAction find(Run<?, ?> run, String id) {
        for (RebuildAction action : run.getActions(RebuildAction.class)) {
            if (action.id.equals(id)) {
                return action;
            }
        }
        return null;
    }

    public String getId() {
        return id;
    }

    /** The images whose dependents are rebuilt, as the log names them. */
    public String getChanged() {
        return changed;
    }

    /** Whether the step fails when a rebuild fails. */
    boolean isPropagate() {
        return propagate;
    }

    synchronized RebuildState state() {
        return RebuildState.fromJson(state);
    }

    synchronized void update(RebuildState newState) {
        this.state = newState.toJson();
    }

    synchronized boolean isCompleted() {
        return completed;
    }

    synchronized void markCompleted() {
        completed = true;
    }

    /** The summary: producer, outcome, duration, pushed digests, reason (for the build page). */
    public RebuildSummary getSummary() {
        return RebuildRun.resume(state(), RebuildListener.writingTo(line -> {}), Clock.systemUTC())
                .summary();
    }

    public List<RebuildSummary.Row> getRows() {
        return getSummary().rows();
    }
}
