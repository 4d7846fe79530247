package io.jenkins.plugins.dockerdelivery.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.graph.ImageGraph;
import io.jenkins.plugins.dockerdelivery.graph.Producer;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlanner;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebuildRunTest {
    static final String D0 = "sha256:" + "0".repeat(64);

    static String digest(String producer) {
        return "sha256:" + String.format("%064x", producer.hashCode() & 0xffffffffL);
    }

    static Producer producer(String id, String... bases) {
        return new Producer(
                id,
                List.of(ImageReference.parse("reg.example/" + id + ":1")),
                java.util.Arrays.stream(bases)
                        .map(b -> ImageReference.parse("reg.example/" + b + ":1"))
                        .toList());
    }

    /** base -> left, right -> join; base -> solo; loop-a <-> loop-b (both FROM base too). */
    static ImageGraph tree() {
        return ImageGraph.of(List.of(
                producer("base", "busybox"),
                producer("left", "base"),
                producer("right", "base"),
                producer("join", "left", "right"),
                producer("solo", "base"),
                producer("loop-a", "base", "loop-b"),
                producer("loop-b", "loop-a")));
    }

    static RebuildPlan plan() {
        return RebuildPlanner.plan(tree(), List.of(ImageReference.parse("reg.example/busybox:1")), MatchLevel.TAG);
    }

    /** Records events as lines, as a driver's log would show them. */
    static final class Events implements RebuildListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void log(String line) {
            lines.add(line);
        }
    }

    static Map<String, String> pushed(String producer) {
        return Map.of("reg.example/" + producer + ":1", digest(producer));
    }

    @Test
    void wavesStartInOrderAndEachChildGetsItsParentsDigests() {
        Events events = new Events();
        BasePin busybox = BasePin.parse("reg.example/busybox:1@" + D0, "given with --changed");
        RebuildRun run = RebuildRun.start(plan(), MatchLevel.TAG, List.of(busybox), events, Clock.systemUTC());

        assertThat(run.startable(10)).containsExactly("base");
        assertThat(run.pinsFor("base")).containsExactly(busybox);
        run.started("base", null);
        assertThat(run.startable(10)).isEmpty();
        run.finished("base", Outcome.BUILT, pushed("base"), null);

        assertThat(run.startable(10)).containsExactly("left", "right", "solo");
        assertThat(run.startable(2)).containsExactly("left", "right");
        run.started("left", null);
        run.started("right", null);
        assertThat(run.startable(1)).containsExactly("solo");
        run.started("solo", null);
        run.finished("left", Outcome.BUILT, pushed("left"), null);
        run.finished("solo", Outcome.BUILT, pushed("solo"), null);
        assertThat(run.startable(10))
                .as("the next wave waits for the whole wave")
                .isEmpty();
        run.finished("right", Outcome.BUILT, pushed("right"), null);

        assertThat(run.startable(10)).containsExactly("join");
        assertThat(run.pinsFor("join"))
                .extracting(p -> p.image().familiar(), BasePin::origin)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(
                                "reg.example/left:1@" + digest("left"), "pushed by left in this run"),
                        org.assertj.core.groups.Tuple.tuple(
                                "reg.example/right:1@" + digest("right"), "pushed by right in this run"));
        run.started("join", null);
        run.finished("join", Outcome.BUILT, pushed("join"), null);

        assertThat(run.isDone()).isTrue();
        RebuildSummary summary = run.summary();
        assertThat(summary.rows())
                .extracting(RebuildSummary.Row::producer, RebuildSummary.Row::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("base", Outcome.BUILT),
                        org.assertj.core.groups.Tuple.tuple("left", Outcome.BUILT),
                        org.assertj.core.groups.Tuple.tuple("right", Outcome.BUILT),
                        org.assertj.core.groups.Tuple.tuple("solo", Outcome.BUILT),
                        org.assertj.core.groups.Tuple.tuple("join", Outcome.BUILT),
                        org.assertj.core.groups.Tuple.tuple("loop-a", Outcome.SKIPPED),
                        org.assertj.core.groups.Tuple.tuple("loop-b", Outcome.SKIPPED));
        assertThat(summary.allBuilt()).as("the cycle was not built").isFalse();
        assertThat(summary.cycles()).hasSize(1);
        assertThat(summary.table())
                .contains("join", "reg.example/join:1@" + digest("join"), "skipped: it is in a dependency cycle");
        assertThat(events.lines)
                .contains("WARNING: dependency cycle, not rebuilt: loop-a -> loop-b -> loop-a")
                .contains("Wave 1 of 3: base", "Wave 2 of 3: left, right, solo", "Wave 3 of 3: join");
    }

    @Test
    void aFailureSkipsOnlyItsDescendants() {
        Events events = new Events();
        RebuildRun run = RebuildRun.start(plan(), MatchLevel.TAG, List.of(), events, Clock.systemUTC());
        run.started("base", null);
        run.finished("base", Outcome.BUILT, pushed("base"), null);
        run.startable(10).forEach(p -> run.started(p, null));
        run.finished("left", Outcome.FAILED, Map.of(), "RUN make: exit code 2");
        run.finished("right", Outcome.BUILT, pushed("right"), null);
        run.finished("solo", Outcome.BUILT, pushed("solo"), null);

        assertThat(run.isDone()).isTrue();
        assertThat(run.outcome("join")).isEqualTo(Outcome.SKIPPED);
        assertThat(run.outcome("solo")).isEqualTo(Outcome.BUILT);
        assertThat(run.summary().rows())
                .filteredOn(r -> r.producer().equals("join"))
                .singleElement()
                .extracting(RebuildSummary.Row::reason)
                .isEqualTo("skipped: left, which it is built from, failed");
        assertThat(events.lines)
                .anySatisfy(l -> assertThat(l).startsWith("  left: failed").endsWith(": RUN make: exit code 2"))
                .contains("  join: skipped: left, which it is built from, failed");
    }

    @Test
    void cancelStartsNothingNewAndRecordsWhatWasStopped() {
        RebuildRun run = RebuildRun.start(plan(), MatchLevel.TAG, List.of(), new Events(), Clock.systemUTC());
        run.started("base", null);
        run.finished("base", Outcome.BUILT, pushed("base"), null);
        run.started("left", "job/left");
        run.started("right", "job/right");

        run.cancel("aborted by alice");

        assertThat(run.startable(10)).isEmpty();
        assertThat(run.running()).containsOnlyKeys("left", "right").containsEntry("left", "job/left");
        assertThat(run.outcome("solo")).isEqualTo(Outcome.CANCELLED);
        assertThat(run.outcome("join")).isEqualTo(Outcome.CANCELLED);
        assertThat(run.isDone()).isFalse();
        run.finished("left", Outcome.CANCELLED, Map.of(), "stopped");
        run.finished("right", Outcome.BUILT, pushed("right"), null);
        assertThat(run.isDone()).isTrue();
        assertThat(run.summary().cancelled()).isEqualTo("aborted by alice");
        assertThat(run.summary().allBuilt()).isFalse();
    }

    @Test
    void aRunResumesFromItsSerialisedState() {
        BasePin busybox = BasePin.parse("reg.example/busybox:1@" + D0, "given with --changed");
        RebuildRun first = RebuildRun.start(plan(), MatchLevel.TAG, List.of(busybox), new Events(), Clock.systemUTC());
        first.started("base", null);
        first.finished("base", Outcome.BUILT, pushed("base"), null);
        first.started("left", "left#4");
        first.started("right", "right#9");
        first.finished("right", Outcome.BUILT, pushed("right"), null);
        String saved = first.state().toJson();

        Events events = new Events();
        RebuildRun resumed = RebuildRun.resume(RebuildState.fromJson(saved), events, Clock.systemUTC());

        assertThat(resumed.state()).isEqualTo(first.state());
        assertThat(events.lines).as("nothing is reported twice").isEmpty();
        assertThat(resumed.running()).containsExactly(Map.entry("left", "left#4"));
        assertThat(resumed.startable(10)).containsExactly("solo");
        resumed.lost("left"); // a build lost across the restart starts again
        assertThat(resumed.startable(10)).containsExactly("left", "solo");
        resumed.started("left", "left#5");
        resumed.started("solo", null);
        resumed.finished("solo", Outcome.BUILT, pushed("solo"), null);
        resumed.finished("left", Outcome.BUILT, pushed("left"), null);
        resumed.finished("left", Outcome.FAILED, Map.of(), "a second report of the same end is ignored");
        assertThat(resumed.startable(10)).containsExactly("join");
        assertThat(resumed.pinsFor("join"))
                .extracting(BasePin::origin)
                .contains("pushed by left in this run", "pushed by right in this run");
        assertThat(events.lines).contains("Wave 3 of 3: join");
    }

    @Test
    void anEmptyPlanIsDoneAtOnce() {
        RebuildPlan empty =
                RebuildPlanner.plan(tree(), List.of(ImageReference.parse("reg.example/none:1")), MatchLevel.TAG);
        RebuildRun run = RebuildRun.start(empty, MatchLevel.TAG, List.of(), new Events(), Clock.systemUTC());
        assertThat(run.isDone()).isTrue();
        assertThat(run.summary().rows()).isEmpty();
        assertThat(run.summary().allBuilt()).isTrue();
    }

    @Test
    void planAllStartsWithTheBases() {
        RebuildPlan all = RebuildPlanner.planAll(tree(), MatchLevel.TAG);
        assertThat(all.waves()).first().isEqualTo(List.of("base"));
        assertThat(all.producers()).contains("join", "solo");
        assertThat(all.cycles()).hasSize(1);
    }
}
