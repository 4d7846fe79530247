package io.jenkins.plugins.dockerdelivery.rebuild;

import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The blocking driver of a {@link RebuildRun}: builds up to {@code concurrency} producers at once on
 * its own threads, each through the caller's {@link ProducerBuild}, and returns the summary when all
 * are done. {@link #cancel} (from any thread) starts nothing new and interrupts what is building.
 *
 * <p>Only the thread in {@link #run} touches the state machine; the builds report back through a
 * queue of events.
 */
public final class RebuildOrchestrator {

    /** How one producer is built: a build-push of its directory, a downstream Jenkins build. */
    @FunctionalInterface
    public interface ProducerBuild {
        /**
         * Builds {@code producer} with its bases pinned to {@code pins}, and returns what it pushed
         * (tag to digest; empty when it pushes nothing). Expected failures are {@link
         * DeliveryException}s; an interrupt means the rebuild was cancelled.
         */
        Map<String, String> build(String producer, List<BasePin> pins) throws Exception;
    }

    private sealed interface Event {}

    private record Finished(String producer, Outcome outcome, Map<String, String> pushed, String reason)
            implements Event {}

    private record Cancel(String reason) implements Event {}

    private final ProducerBuild build;
    private final int concurrency;
    private final RebuildListener listener;
    private final Clock clock;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Set by the driver thread when it cancels, read by the build threads. */
    private volatile boolean cancelling;

    public RebuildOrchestrator(ProducerBuild build, int concurrency, RebuildListener listener, Clock clock) {
        if (concurrency < 1) {
            throw new InvalidInputException("The concurrency must be at least 1, not " + concurrency);
        }
        this.build = build;
        this.concurrency = concurrency;
        this.listener = listener;
        this.clock = clock;
    }

    /** Stops the rebuild: nothing new starts, the builds running are interrupted. Any thread. */
    public void cancel(String reason) {
        events.add(new Cancel(reason));
    }

    /** Runs {@code run} to its end (or its cancel) and returns the summary. */
    public RebuildSummary run(RebuildRun run) throws InterruptedException {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "rebuild-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<String, Future<?>> building = new LinkedHashMap<>();
        try {
            while (true) {
                for (String producer : run.startable(concurrency - building.size())) {
                    List<BasePin> pins = run.pinsFor(producer);
                    run.started(producer, null);
                    building.put(producer, pool.submit(() -> buildOne(producer, pins)));
                }
                if (building.isEmpty()) {
                    return run.summary();
                }
                Event event;
                try {
                    event = events.take();
                } catch (InterruptedException e) {
                    event = new Cancel("interrupted");
                    cancelRun(run, building, ((Cancel) event).reason());
                    drain(run, building);
                    throw e;
                }
                if (event instanceof Finished f) {
                    building.remove(f.producer());
                    run.finished(f.producer(), f.outcome(), f.pushed(), f.reason());
                } else if (event instanceof Cancel c) {
                    cancelRun(run, building, c.reason());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void cancelRun(RebuildRun run, Map<String, Future<?>> building, String reason) {
        cancelling = true;
        run.cancel(reason);
        building.values().forEach(f -> f.cancel(true));
    }

    /** After an interrupt of the driver itself: waits for the interrupted builds to report. */
    private void drain(RebuildRun run, Map<String, Future<?>> building) {
        while (!building.isEmpty()) {
            try {
                Event event = events.poll(30, TimeUnit.SECONDS);
                if (event == null) {
                    return;
                }
                if (event instanceof Finished f) {
                    building.remove(f.producer());
                    run.finished(f.producer(), f.outcome(), f.pushed(), f.reason());
                }
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void buildOne(String producer, List<BasePin> pins) {
        Event result;
        try {
            Map<String, String> pushed = build.build(producer, pins);
            result = cancelling && Thread.currentThread().isInterrupted()
                    ? new Finished(producer, Outcome.CANCELLED, pushed, "stopped: the rebuild was cancelled")
                    : new Finished(producer, Outcome.BUILT, pushed, null);
        } catch (InterruptedException e) {
            result = new Finished(producer, Outcome.CANCELLED, Map.of(), "stopped: the rebuild was cancelled");
        } catch (Exception e) {
            boolean cancelled = cancelling || Thread.currentThread().isInterrupted();
            result = cancelled
                    ? new Finished(producer, Outcome.CANCELLED, Map.of(), "stopped: the rebuild was cancelled")
                    : new Finished(producer, Outcome.FAILED, Map.of(), reason(e));
        }
        events.add(result);
    }

    private static String reason(Exception e) {
        if (e instanceof DeliveryException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** A run of {@code plan} on this orchestrator's listener and clock. */
    public RebuildRun start(RebuildPlan plan, MatchLevel level, List<BasePin> changedPins) {
        return RebuildRun.start(plan, level, changedPins, listener, clock);
    }
}
