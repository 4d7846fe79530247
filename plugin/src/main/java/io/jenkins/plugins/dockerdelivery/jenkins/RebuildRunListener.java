package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.Extension;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import hudson.model.queue.QueueListener;
import io.jenkins.plugins.dockerdelivery.rebuild.Outcome;
import java.util.Map;
import jenkins.util.Timer;

/**
 * Tells a rebuild that one of its builds is over. The event is handled off the listener's thread:
 * after a restart, reaching the upstream step may wait for its Pipeline to load.
 */
@Extension
public class RebuildRunListener extends RunListener<Run<?, ?>> {
    @Override
    public void onFinalized(Run<?, ?> run) {
        RebuildTriggerAction trigger = run.getAction(RebuildTriggerAction.class);
        if (trigger == null) {
            return;
        }
        Outcome outcome = RebuildDriver.outcome(run.getResult());
        String reason = outcome == Outcome.BUILT ? null : RebuildDriver.reason(run);
        Map<String, String> pushed = PushedDigestsAction.of(run);
        Timer.get().submit(() -> RebuildDriver.finished(trigger, outcome, pushed, reason));
    }

    /** A queued build of a rebuild was cancelled: a failure of that producer, said in words. */
    @Extension
    public static class QueueCancellations extends QueueListener {
        @Override
        public void onLeft(Queue.LeftItem item) {
            RebuildTriggerAction trigger = item.getAction(RebuildTriggerAction.class);
            if (trigger == null || !item.isCancelled()) {
                return;
            }
            String reason = "its queued build of " + item.task.getFullDisplayName() + " was cancelled";
            Timer.get().submit(() -> RebuildDriver.finished(trigger, Outcome.FAILED, Map.of(), reason));
        }
    }
}
