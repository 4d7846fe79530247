package io.jenkins.plugins.dockerdelivery.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RebuildOrchestratorTest {

    @Test
    void buildsEveryProducerOnceAtMostNAtATime() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        RebuildOrchestrator orchestrator = new RebuildOrchestrator(
                (producer, pins) -> {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    order.add(producer);
                    Thread.sleep(20);
                    now.decrementAndGet();
                    return RebuildRunTest.pushed(producer);
                },
                2,
                new RebuildRunTest.Events(),
                Clock.systemUTC());

        RebuildSummary summary = orchestrator.run(orchestrator.start(RebuildRunTest.plan(), MatchLevel.TAG, List.of()));

        assertThat(order).containsExactlyInAnyOrder("base", "left", "right", "solo", "join");
        assertThat(order.get(0)).isEqualTo("base");
        assertThat(order.get(4)).isEqualTo("join");
        assertThat(most.get()).isLessThanOrEqualTo(2);
        assertThat(summary.count(Outcome.BUILT)).isEqualTo(5);
        assertThat(summary.count(Outcome.SKIPPED)).isEqualTo(2); // the cycle
    }

    @Test
    void aFailedBuildSkipsItsDescendantsAndTheRestGoesOn() throws Exception {
        RebuildOrchestrator orchestrator = new RebuildOrchestrator(
                (producer, pins) -> {
                    if (producer.equals("right")) {
                        throw new DeliveryException("The build failed at line 3: RUN false");
                    }
                    return RebuildRunTest.pushed(producer);
                },
                4,
                new RebuildRunTest.Events(),
                Clock.systemUTC());

        RebuildSummary summary = orchestrator.run(orchestrator.start(RebuildRunTest.plan(), MatchLevel.TAG, List.of()));

        Map<String, Outcome> outcomes = new java.util.LinkedHashMap<>();
        summary.rows().forEach(r -> outcomes.put(r.producer(), r.outcome()));
        assertThat(outcomes)
                .containsEntry("right", Outcome.FAILED)
                .containsEntry("join", Outcome.SKIPPED)
                .containsEntry("left", Outcome.BUILT)
                .containsEntry("solo", Outcome.BUILT);
        assertThat(summary.rows())
                .filteredOn(r -> r.producer().equals("right"))
                .singleElement()
                .extracting(RebuildSummary.Row::reason)
                .isEqualTo("The build failed at line 3: RUN false");
    }

    @Test
    void cancelMidWaveInterruptsTheBuildsAndStartsNothingNew() throws Exception {
        CountDownLatch secondWaveBuilding = new CountDownLatch(2);
        List<String> started = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        RebuildOrchestrator[] holder = new RebuildOrchestrator[1];
        holder[0] = new RebuildOrchestrator(
                (producer, pins) -> {
                    started.add(producer);
                    if (producer.equals("base")) {
                        return RebuildRunTest.pushed(producer);
                    }
                    secondWaveBuilding.countDown();
                    Thread.sleep(TimeUnit.MINUTES.toMillis(10)); // until interrupted
                    return RebuildRunTest.pushed(producer);
                },
                2,
                new RebuildRunTest.Events(),
                Clock.systemUTC());
        Thread canceller = new Thread(() -> {
            try {
                secondWaveBuilding.await();
                holder[0].cancel("stopped by the user");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();

        RebuildSummary summary = holder[0].run(holder[0].start(RebuildRunTest.plan(), MatchLevel.TAG, List.of()));
        canceller.join();

        assertThat(started).as("solo never started (2 slots)").containsExactlyInAnyOrder("base", "left", "right");
        Map<String, Outcome> outcomes = new java.util.LinkedHashMap<>();
        summary.rows().forEach(r -> outcomes.put(r.producer(), r.outcome()));
        assertThat(outcomes)
                .containsEntry("base", Outcome.BUILT)
                .containsEntry("left", Outcome.CANCELLED)
                .containsEntry("right", Outcome.CANCELLED)
                .containsEntry("solo", Outcome.CANCELLED)
                .containsEntry("join", Outcome.CANCELLED);
        assertThat(summary.cancelled()).isEqualTo("stopped by the user");
    }
}
