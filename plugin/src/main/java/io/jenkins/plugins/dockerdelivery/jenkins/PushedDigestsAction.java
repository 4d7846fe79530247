package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The digests a build pushed with {@code dockerBuildPush}, every call of the build merged (tag to
 * digest): what a rebuild pins the children of this build to, and what its own {@code
 * rebuildDependents} starts the first wave from.
 */
public class PushedDigestsAction extends InvisibleAction {
    private final Map<String, String> digests = new LinkedHashMap<>();

    /** Adds {@code pushed} (tag to digest) to what {@code run} pushed, and saves the build. */
    static void record(Run<?, ?> run, Map<String, String> pushed) throws IOException {
        if (pushed.isEmpty()) {
            return;
        }
        PushedDigestsAction action;
        synchronized (run) {
            action = run.getAction(PushedDigestsAction.class);
            if (action == null) {
                action = new PushedDigestsAction();
                run.addAction(action);
            }
        }
        synchronized (action) {
            action.digests.putAll(pushed);
        }
        run.save();
    }

    /** What {@code run} pushed: tag to digest; empty when nothing. */
    static Map<String, String> of(Run<?, ?> run) {
        PushedDigestsAction action = run.getAction(PushedDigestsAction.class);
        if (action == null) {
            return Map.of();
        }
        synchronized (action) {
            return new LinkedHashMap<>(action.digests);
        }
    }
}
