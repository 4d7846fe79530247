package io.jenkins.plugins.dockerdelivery.graph;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which producers to rebuild after some images changed, and in what order: {@link #waves()} run one
 * after the other, the producers of a wave in any order (or in parallel). Each affected producer is
 * in exactly one wave, the first after all of its affected parents.
 *
 * @param changed the images that changed
 * @param waves producer ids per wave, sorted within a wave
 * @param parents for each planned producer, the planned producers it must wait for
 * @param cycles producers that build FROM each other and so cannot be ordered
 * @param skipped producers left out of the waves, with the reason
 */
public record RebuildPlan(
        List<ImageReference> changed,
        List<List<String>> waves,
        Map<String, List<String>> parents,
        List<Cycle> cycles,
        List<Skipped> skipped) {

    public RebuildPlan {
        changed = List.copyOf(changed);
        waves = waves.stream().map(List::copyOf).toList();
        parents = parents.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        cycles = List.copyOf(cycles);
        skipped = List.copyOf(skipped);
    }

    /** A dependency cycle, as the path that closes it: {@code [a, b, a]}. */
    public record Cycle(List<String> path) {
        public Cycle {
            path = List.copyOf(path);
        }

        @Override
        public String toString() {
            return String.join(" -> ", path);
        }
    }

    /** A producer that will not be rebuilt, and why, in words. */
    public record Skipped(String producer, String reason) {}

    /** All planned producers, wave by wave. */
    public List<String> producers() {
        return waves.stream().flatMap(List::stream).toList();
    }

    public boolean isEmpty() {
        return waves.isEmpty();
    }

    /**
     * The plan after {@code failed} failed to build: every planned producer that descends from it is
     * moved out of the waves into {@link #skipped()}, naming the failure; unrelated branches stay.
     */
    public RebuildPlan afterFailure(String failed) {
        Map<String, Set<String>> children = new LinkedHashMap<>();
        parents.forEach((child, ps) -> ps.forEach(
                p -> children.computeIfAbsent(p, k -> new TreeSet<>()).add(child)));
        Set<String> descendants = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(failed, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (descendants.add(next)) {
                todo.addAll(children.getOrDefault(next, Set.of()));
            }
        }
        if (descendants.isEmpty()) {
            return this;
        }
        List<List<String>> remaining = new ArrayList<>();
        for (List<String> wave : waves) {
            List<String> kept =
                    wave.stream().filter(p -> !descendants.contains(p)).toList();
            if (!kept.isEmpty()) {
                remaining.add(kept);
            }
        }
        List<Skipped> allSkipped = new ArrayList<>(skipped);
        descendants.forEach(d -> allSkipped.add(new Skipped(
                d,
                "skipped: " + failed + ", which it is built from"
                        + (parents.getOrDefault(d, List.of()).contains(failed) ? "" : " through other images")
                        + ", failed")));
        return new RebuildPlan(changed, remaining, parents, cycles, allSkipped);
    }
}
