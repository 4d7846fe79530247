package io.jenkins.plugins.dockerdelivery.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** What must hold for any graph: random DAGs, with and without cycles added. */
class RebuildPlanProperties {

    /** A random graph: producer i builds image i FROM up to 3 images of lower index (a DAG), plus optional back edges. */
    private static ImageGraph randomGraph(long seed, int size, int backEdges) {
        Random random = new Random(seed);
        List<Set<Integer>> bases = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Set<Integer> b = new HashSet<>();
            int count = i == 0 ? 0 : random.nextInt(4);
            for (int k = 0; k < count; k++) {
                b.add(random.nextInt(i));
            }
            bases.add(b);
        }
        for (int k = 0; k < backEdges && size > 1; k++) {
            int from = random.nextInt(size);
            bases.get(random.nextInt(from + 1)).add(from);
        }
        List<Producer> producers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            producers.add(new Producer(
                    String.format("p%03d", i),
                    List.of(image(i)),
                    bases.get(i).stream()
                            .sorted()
                            .map(RebuildPlanProperties::image)
                            .toList()));
        }
        return ImageGraph.of(producers);
    }

    private static ImageReference image(int i) {
        return ImageReference.parse("registry.example.com/img" + i + ":1");
    }

    @Property(tries = 300)
    void everyAffectedProducerAppearsExactlyOnceAfterAllItsAffectedParents(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 60) int size,
            @ForAll @IntRange(min = 0, max = 2) int root) {
        ImageGraph graph = randomGraph(seed, size, 0);
        ImageReference changed = image(Math.min(root, size - 1));
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(changed), MatchLevel.TAG);

        Set<String> expected = new HashSet<>();
        graph.descendants(changed, MatchLevel.TAG)
                .forEach(i -> graph.producersOf(i, MatchLevel.TAG).forEach(p -> expected.add(p.id())));
        assertThat(plan.producers()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);

        Map<String, Integer> waveOf = new HashMap<>();
        for (int w = 0; w < plan.waves().size(); w++) {
            for (String id : plan.waves().get(w)) {
                waveOf.put(id, w);
            }
            assertThat(plan.waves().get(w)).isSorted().isNotEmpty();
        }
        for (String id : plan.producers()) {
            for (ImageReference base : graph.producer(id).bases()) {
                for (Producer parent : graph.producersOf(base, MatchLevel.TAG)) {
                    if (waveOf.containsKey(parent.id())) {
                        assertThat(waveOf.get(parent.id()))
                                .as(parent.id() + " before " + id)
                                .isLessThan(waveOf.get(id));
                    }
                }
            }
        }
        // and a producer is in the first wave it can be in
        for (String id : plan.producers()) {
            int latestParent =
                    plan.parents().get(id).stream().mapToInt(waveOf::get).max().orElse(-1);
            assertThat(waveOf.get(id)).isEqualTo(latestParent + 1);
        }
    }

    @Property(tries = 200)
    void withCyclesEveryProducerIsPlannedOrSkippedNeverBoth(
            @ForAll long seed,
            @ForAll @IntRange(min = 2, max = 40) int size,
            @ForAll @IntRange(min = 1, max = 4) int backEdges) {
        ImageGraph graph = randomGraph(seed, size, backEdges);
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(image(0)), MatchLevel.TAG);
        Set<String> planned = new HashSet<>(plan.producers());
        Set<String> skipped = new HashSet<>();
        plan.skipped().forEach(s -> skipped.add(s.producer()));
        assertThat(java.util.Collections.disjoint(planned, skipped))
                .as("planned and skipped overlap")
                .isTrue();
        assertThat(plan.producers()).doesNotHaveDuplicates();
        for (RebuildPlan.Cycle cycle : plan.cycles()) {
            List<String> path = cycle.path();
            assertThat(path.get(0)).isEqualTo(path.get(path.size() - 1));
            assertThat(skipped).containsAll(path);
        }
    }

    @Property(tries = 100)
    void aFailureNeverLeavesADescendantPlanned(@ForAll long seed, @ForAll @IntRange(min = 2, max = 50) int size) {
        ImageGraph graph = randomGraph(seed, size, 0);
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(image(0)), MatchLevel.TAG);
        if (plan.isEmpty()) {
            return;
        }
        String failed = plan.waves().get(0).get(0);
        RebuildPlan after = plan.afterFailure(failed);
        for (ImageReference descendant :
                graph.descendants(image(Integer.parseInt(failed.substring(1))), MatchLevel.TAG)) {
            graph.producersOf(descendant, MatchLevel.TAG)
                    .forEach(p -> assertThat(after.producers()).doesNotContain(p.id()));
        }
        assertThat(after.producers()).contains(failed);
    }
}
