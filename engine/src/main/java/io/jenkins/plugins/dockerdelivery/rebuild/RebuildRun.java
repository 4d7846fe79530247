package io.jenkins.plugins.dockerdelivery.rebuild;

import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rebuild as a state machine over a {@link RebuildPlan}, driven by events: {@link #startable what
 * can start now}, {@link #started producer started}, {@link #finished producer finished with its
 * outcome and digests}, {@link #cancel cancel}. It decides; its driver builds. The CLI drives it from
 * a thread pool, the Jenkins step from run-completion events; both get the same order, the same
 * failure isolation and the same pins.
 *
 * <p>Waves run one after the other; the producers of a wave in any order, as many at once as the
 * driver likes. A failure skips only the producer's descendants. Cancel starts nothing new; what
 * runs is the driver's to stop, and is recorded as cancelled when it ends. Its whole state is the
 * {@link RebuildState} value ({@link #state()}); {@link #resume} picks it up again, in another
 * process if need be. Not thread-safe: a driver calls it from one thread at a time.
 */
public final class RebuildRun {
    private final RebuildPlan plan;
    private final MatchLevel level;
    private final List<BasePin> changedPins;
    private final Map<String, RebuildState.Progress> producers;
    private final RebuildListener listener;
    private final Clock clock;
    private int wave;
    private String cancelled;

    private RebuildRun(RebuildState state, RebuildListener listener, Clock clock) {
        this.plan = state.plan();
        this.level = state.level();
        this.changedPins = state.changedPins();
        this.producers = new LinkedHashMap<>(state.producers());
        this.wave = state.wave();
        this.cancelled = state.cancelled();
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * A new rebuild of {@code plan}: reports the producers the plan left out (cycles and what they
     * block) and starts the first wave.
     *
     * @param changedPins the digests of the changed images, where known: the first wave builds on them
     */
    public static RebuildRun start(
            RebuildPlan plan, MatchLevel level, List<BasePin> changedPins, RebuildListener listener, Clock clock) {
        Map<String, RebuildState.Progress> producers = new LinkedHashMap<>();
        plan.producers().forEach(p -> producers.put(p, RebuildState.Progress.pending()));
        RebuildRun run =
                new RebuildRun(new RebuildState(plan, level, changedPins, producers, -1, null), listener, clock);
        plan.cycles().forEach(c -> listener.warn("dependency cycle, not rebuilt: " + c));
        plan.skipped().forEach(s -> listener.producerSkipped(s.producer(), s.reason()));
        run.advance();
        return run;
    }

    /** The rebuild saved as {@code state}, going on from where it was; no event is repeated. */
    public static RebuildRun resume(RebuildState state, RebuildListener listener, Clock clock) {
        RebuildRun run = new RebuildRun(state, listener, clock);
        run.advance();
        return run;
    }

    // --- questions -----------------------------------------------------------------------------

    /**
     * What can start now: the pending producers of the running wave, at most {@code slots} (the
     * driver's free capacity). Empty once cancelled.
     */
    public List<String> startable(int slots) {
        if (cancelled != null || wave < 0 || wave >= plan.waves().size()) {
            return List.of();
        }
        return plan.waves().get(wave).stream()
                .filter(p -> producers.get(p).outcome() == Outcome.PENDING)
                .limit(Math.max(0, slots))
                .toList();
    }

    /** The producers started and not finished, with their handles (null where the driver gave none). */
    public Map<String, String> running() {
        Map<String, String> running = new LinkedHashMap<>();
        producers.forEach((p, progress) -> {
            if (progress.outcome() == Outcome.RUNNING) {
                running.put(p, progress.handle());
            }
        });
        return running;
    }

    /** Whether nothing is pending or running any more. */
    public boolean isDone() {
        return producers.values().stream().allMatch(p -> p.outcome().isFinal());
    }

    public boolean isCancelled() {
        return cancelled != null;
    }

    public Outcome outcome(String producer) {
        return progress(producer).outcome();
    }

    /**
     * The pins for {@code producer}'s build: the digests its planned parents pushed in this run, then
     * the digests of the changed images where known. The images it does not use are harmless: a pin
     * only rewrites references that name its image.
     */
    public List<BasePin> pinsFor(String producer) {
        progress(producer);
        List<BasePin> pins = new ArrayList<>();
        for (String parent : plan.parents().getOrDefault(producer, List.of())) {
            producers
                    .get(parent)
                    .pushed()
                    .forEach((tag, digest) -> pins.add(new BasePin(
                            ImageReference.parse(tag).withDigest(digest), "pushed by " + parent + " in this run")));
        }
        pins.addAll(changedPins);
        return pins;
    }

    public MatchLevel level() {
        return level;
    }

    public RebuildPlan plan() {
        return plan;
    }

    // --- events --------------------------------------------------------------------------------

    /** {@code producer} was started; {@code handle} is what the driver will know it by (may be null). */
    public void started(String producer, String handle) {
        RebuildState.Progress p = progress(producer);
        if (p.outcome() != Outcome.PENDING) {
            throw new IllegalStateException(producer + " cannot start: it is " + p.outcome());
        }
        producers.put(producer, new RebuildState.Progress(Outcome.RUNNING, handle, now(), 0, Map.of(), null));
        listener.producerStarted(producer, pinsFor(producer));
    }

    /**
     * A started producer whose build never began and never will (a Jenkins build scheduled just
     * before a restart that the queue lost): pending again, so that it starts again.
     */
    public void lost(String producer) {
        if (progress(producer).outcome() == Outcome.RUNNING) {
            producers.put(producer, RebuildState.Progress.pending());
        }
    }

    /** A new handle for a running producer (a queued Jenkins build that got its number, say). */
    public void handle(String producer, String handle) {
        RebuildState.Progress p = progress(producer);
        if (p.outcome() == Outcome.RUNNING) {
            producers.put(
                    producer,
                    new RebuildState.Progress(Outcome.RUNNING, handle, p.startedAt(), 0, p.pushed(), p.reason()));
        }
    }

    /**
     * A started producer finished: {@code BUILT} with what it pushed, {@code FAILED} (its descendants
     * are skipped) or {@code CANCELLED}, with the reason. A second report for the same producer is
     * ignored (a driver that resumed may see an end twice).
     */
    public void finished(String producer, Outcome outcome, Map<String, String> pushed, String reason) {
        if (outcome != Outcome.BUILT && outcome != Outcome.FAILED && outcome != Outcome.CANCELLED) {
            throw new IllegalArgumentException("a build ends BUILT, FAILED or CANCELLED, not " + outcome);
        }
        RebuildState.Progress p = progress(producer);
        if (p.outcome().isFinal()) {
            return;
        }
        long startedAt = p.startedAt() == 0 ? now() : p.startedAt();
        producers.put(
                producer,
                new RebuildState.Progress(
                        outcome, null, startedAt, now(), pushed, outcome == Outcome.BUILT ? null : reason));
        listener.producerFinished(row(producer));
        if (outcome != Outcome.BUILT) {
            skipDescendants(producer, outcome == Outcome.FAILED ? "failed" : "was cancelled");
        }
        advance();
    }

    /**
     * Cancel: nothing new starts, every pending producer is cancelled. What runs goes on until its
     * driver stops it and reports it {@link #finished finished}.
     */
    public void cancel(String reason) {
        if (cancelled != null) {
            return;
        }
        cancelled = reason == null || reason.isBlank() ? "cancelled" : reason;
        listener.warn("Rebuild cancelled: " + cancelled
                + (running().isEmpty()
                        ? ""
                        : "; stopping " + String.join(", ", running().keySet())));
        producers.replaceAll((p, progress) -> progress.outcome() == Outcome.PENDING
                ? new RebuildState.Progress(Outcome.CANCELLED, null, 0, 0, Map.of(), "not started: " + cancelled)
                : progress);
    }

    // --- results -------------------------------------------------------------------------------

    public RebuildState state() {
        return new RebuildState(plan, level, changedPins, producers, wave, cancelled);
    }

    /** Each planned producer (in plan order), then those the plan left out. */
    public RebuildSummary summary() {
        List<RebuildSummary.Row> rows = new ArrayList<>();
        producers.keySet().forEach(p -> rows.add(row(p)));
        plan.skipped()
                .forEach(s ->
                        rows.add(new RebuildSummary.Row(s.producer(), Outcome.SKIPPED, null, Map.of(), s.reason())));
        return new RebuildSummary(rows, plan.cycles(), cancelled);
    }

    private RebuildSummary.Row row(String producer) {
        RebuildState.Progress p = producers.get(producer);
        Duration duration = p.startedAt() == 0
                ? null
                : Duration.ofMillis((p.finishedAt() == 0 ? now() : p.finishedAt()) - p.startedAt());
        return new RebuildSummary.Row(producer, p.outcome(), duration, p.pushed(), p.reason());
    }

    // --- transitions ---------------------------------------------------------------------------

    /** Moves to the next wave when every producer of this one is done (and reports it). */
    private void advance() {
        while (cancelled == null && wave < plan.waves().size()) {
            if (wave >= 0
                    && plan.waves().get(wave).stream()
                            .anyMatch(p -> !producers.get(p).outcome().isFinal())) {
                return;
            }
            wave++;
            if (wave < plan.waves().size()) {
                List<String> waiting = plan.waves().get(wave).stream()
                        .filter(p -> producers.get(p).outcome() == Outcome.PENDING)
                        .toList();
                if (!waiting.isEmpty()) {
                    listener.waveStarted(wave + 1, plan.waves().size(), waiting);
                }
            }
        }
    }

    /** Every pending descendant of {@code producer} is skipped, naming it. */
    private void skipDescendants(String producer, String what) {
        Map<String, Set<String>> children = new LinkedHashMap<>();
        plan.parents()
                .forEach(
                        (child, ps) -> ps.forEach(parent -> children.computeIfAbsent(parent, k -> new LinkedHashSet<>())
                                .add(child)));
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(producer, Set.of()));
        Set<String> seen = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(children.getOrDefault(next, Set.of()));
            }
        }
        for (String descendant : plan.producers()) { // plan order: parents reported before children
            if (!seen.contains(descendant) || producers.get(descendant).outcome() != Outcome.PENDING) {
                continue;
            }
            boolean direct = plan.parents().getOrDefault(descendant, List.of()).contains(producer);
            String reason = "skipped: " + producer + ", which it is built from"
                    + (direct ? "" : " through other images") + ", " + what;
            producers.put(descendant, new RebuildState.Progress(Outcome.SKIPPED, null, 0, 0, Map.of(), reason));
            listener.producerSkipped(descendant, reason);
        }
    }

    private RebuildState.Progress progress(String producer) {
        RebuildState.Progress p = producers.get(producer);
        if (p == null) {
            throw new IllegalArgumentException(producer + " is not a producer of this rebuild");
        }
        return p;
    }

    private long now() {
        return clock.millis();
    }
}
