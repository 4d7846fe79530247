package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.Action;
import hudson.model.InvisibleAction;
import hudson.model.Queue;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * On a build that {@code rebuildDependents} started (its queue item, then its run): which rebuild it
 * belongs to, the step to report back to, the digests its bases are pinned to. A build started by hand has none, and builds as written.
 *
 * <p>The {@link StepContext} is kept as pipeline-build-step keeps it: it survives a restart, and
 * leads back to the upstream build and its log.
 */
public class RebuildTriggerAction extends InvisibleAction implements Queue.QueueAction {
    private final StepContext context;
    private final String rebuild;
    private final String producer;
    private final String match;
    /** Pinned reference ({@code registry/team/base:7@sha256:...}) to where its digest comes from. */
    private final Map<String, String> pins;

    RebuildTriggerAction(StepContext context, String rebuild, String producer, List<BasePin> pins, MatchLevel match) {
        this.context = context;
        this.rebuild = rebuild;
        this.producer = producer;
        this.match = match.name();
        this.pins = new LinkedHashMap<>();
        pins.forEach(p -> this.pins.put(p.image().toString(), p.origin()));
    }

    StepContext context() {
        return context;
    }

    /** The id of the rebuild, unique per {@code rebuildDependents} call. */
    public String getRebuild() {
        return rebuild;
    }

    /** The producer (job full name) this build is for. */
    public String getProducer() {
        return producer;
    }

    /** The bases this build's {@code dockerBuildPush} builds at a digest. */
    public List<BasePin> basePins() {
        List<BasePin> out = new ArrayList<>();
        pins.forEach((image, origin) -> out.add(BasePin.parse(image, origin)));
        return out;
    }

    public MatchLevel matchLevel() {
        return MatchLevel.valueOf(match);
    }

    /**
     * Never merged into another queued build of the same job: each rebuild needs its own build, with
     * its own pins, and must hear of its own end.
     */
    @Override
    public boolean shouldSchedule(List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof RebuildTriggerAction other
                    && other.rebuild.equals(rebuild)
                    && other.producer.equals(producer)) {
                return false;
            }
        }
        return true;
    }
}
