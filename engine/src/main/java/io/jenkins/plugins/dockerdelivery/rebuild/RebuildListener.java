package io.jenkins.plugins.dockerdelivery.rebuild;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import java.util.List;

/**
 * The {@link ProgressListener} of a rebuild: the events of its state machine, each written as one log
 * line unless the caller does more with them (the plugin links the builds, say). Called by one
 * thread at a time for a given rebuild.
 */
public interface RebuildListener extends ProgressListener {

    /** Wave {@code number} (1-based) starts: these producers may now be built. */
    default void waveStarted(int number, int of, List<String> producers) {
        log("Wave " + number + " of " + of + ": " + String.join(", ", producers));
    }

    /**
     * A producer is being built, with these pins (its build log says which of them its Dockerfile
     * uses).
     */
    default void producerStarted(String producer, List<BasePin> pins) {
        log("  started " + producer);
    }

    /** A producer that ran has finished: built, failed or cancelled. */
    default void producerFinished(RebuildSummary.Row row) {
        log("  " + row.producer() + ": " + row.describe());
    }

    /** A producer will not be built, and why. */
    default void producerSkipped(String producer, String reason) {
        log("  " + producer + ": " + reason);
    }

    /** A rebuild listener writing its events to {@code log}. */
    static RebuildListener writingTo(ProgressListener log) {
        if (log instanceof RebuildListener listener) {
            return listener;
        }
        return new RebuildListener() {
            @Override
            public void log(String line) {
                log.log(line);
            }

            @Override
            public void warn(String line) {
                log.warn(line);
            }
        };
    }
}
