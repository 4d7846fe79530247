package io.jenkins.plugins.dockerdelivery.graph;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans the rebuild that follows a change of base images: finds every producer built FROM a changed
 * image, directly or through others, orders them in waves (each after all of its affected parents),
 * and reports cycles with their path instead of looping on them.
 *
 * <p>The affected producers are numbered once, in id order, and the ordering work runs on int arrays:
 * a root of a 10,000-image graph plans in a few milliseconds.
 */
public final class RebuildPlanner {
    private RebuildPlanner() {}

    public static RebuildPlan plan(ImageGraph graph, Collection<ImageReference> changed, MatchLevel level) {
        return order(graph, affected(graph, changed, level), changed, level);
    }

    /** Every producer of the graph, bases first: a rebuild of the whole tree. */
    public static RebuildPlan planAll(ImageGraph graph, MatchLevel level) {
        String[] ids = graph.producers().stream().map(Producer::id).sorted().toArray(String[]::new);
        return order(graph, ids, List.of(), level);
    }

    /** Orders the producers {@code ids} (sorted) in waves, each after its parents among them. */
    private static RebuildPlan order(
            ImageGraph graph, String[] ids, Collection<ImageReference> changed, MatchLevel level) {
        int n = ids.length;
        Map<String, Integer> number = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            number.put(ids[i], i);
        }
        int[][] parents = parents(graph, ids, number, level);

        // cycles: strongly connected components of more than one producer, or a producer FROM itself
        int[] component = StronglyConnected.components(parents);
        int[] componentSize = new int[n];
        for (int c : component) {
            componentSize[c]++;
        }
        boolean[] inCycle = new boolean[n];
        for (int i = 0; i < n; i++) {
            inCycle[i] = componentSize[component[i]] > 1 || contains(parents[i], i);
        }
        List<RebuildPlan.Cycle> cycles = new ArrayList<>();
        boolean[] reported = new boolean[n];
        for (int i = 0; i < n; i++) { // lowest id of each cyclic component first
            if (inCycle[i] && !reported[component[i]]) {
                reported[component[i]] = true;
                cycles.add(new RebuildPlan.Cycle(cyclePath(i, component, parents, ids)));
            }
        }

        // waves: Kahn's order over the producers outside cycles; a producer's wave is one more than
        // its latest parent's. A producer whose parent is in a cycle (or skipped) is skipped.
        int[] waiting = new int[n];
        int[][] children = children(parents, n);
        for (int i = 0; i < n; i++) {
            waiting[i] = parents[i].length;
        }
        int[] wave = new int[n];
        Arrays.fill(wave, -1);
        String[] blockedBy = new String[n];
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (!inCycle[i] && waiting[i] == 0) {
                queue[tail++] = i;
                wave[i] = 0;
            }
        }
        while (head < tail) {
            int at = queue[head++];
            for (int child : children[at]) {
                if (inCycle[child]) {
                    continue;
                }
                wave[child] = Math.max(wave[child], wave[at] + 1);
                if (--waiting[child] == 0) {
                    queue[tail++] = child;
                }
            }
        }
        List<RebuildPlan.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (inCycle[i]) {
                skipped.add(new RebuildPlan.Skipped(ids[i], "skipped: it is in a dependency cycle"));
            } else if (waiting[i] > 0) {
                blockedBy[i] = firstBlockingParent(i, parents, waiting, inCycle, ids);
                boolean direct = inCycle[number.get(blockedBy[i])];
                skipped.add(new RebuildPlan.Skipped(
                        ids[i],
                        "skipped: it is built from " + blockedBy[i] + ", which "
                                + (direct ? "is in a dependency cycle" : "is skipped")));
            }
        }

        List<List<String>> waves = new ArrayList<>();
        Map<String, List<String>> plannedParents = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) { // ids are sorted, so every wave comes out sorted
            if (wave[i] < 0 || waiting[i] > 0 || inCycle[i]) {
                continue;
            }
            while (waves.size() <= wave[i]) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave[i]).add(ids[i]);
            List<String> ps = new ArrayList<>(parents[i].length);
            for (int p : parents[i]) {
                ps.add(ids[p]);
            }
            plannedParents.put(ids[i], ps);
        }
        return new RebuildPlan(List.copyOf(changed), waves, plannedParents, cycles, skipped);
    }

    /** Every producer built FROM a changed image, transitively, sorted by id. */
    private static String[] affected(ImageGraph graph, Collection<ImageReference> changed, MatchLevel level) {
        Map<String, Producer> affected = new TreeMap<>();
        Set<String> seenImages = new HashSet<>();
        Deque<ImageReference> todo = new ArrayDeque<>();
        for (ImageReference image : changed) {
            if (seenImages.add(ImageGraph.key(image, level))) {
                todo.add(image);
            }
        }
        while (!todo.isEmpty()) {
            for (Producer child : graph.producersBuiltFrom(todo.pop(), level)) {
                if (affected.putIfAbsent(child.id(), child) == null) {
                    for (ImageReference produced : child.images()) {
                        if (seenImages.add(ImageGraph.key(produced, level))) {
                            todo.add(produced);
                        }
                    }
                }
            }
        }
        return affected.keySet().toArray(String[]::new);
    }

    /** For each affected producer, the affected producers that build one of its bases, ascending. */
    private static int[][] parents(ImageGraph graph, String[] ids, Map<String, Integer> number, MatchLevel level) {
        int[][] parents = new int[ids.length][];
        int[] scratch = new int[16];
        for (int i = 0; i < ids.length; i++) {
            int count = 0;
            for (ImageReference base : graph.producer(ids[i]).bases()) {
                for (Producer parent : graph.producersOf(base, level)) {
                    Integer p = number.get(parent.id());
                    if (p != null) {
                        if (count == scratch.length) {
                            scratch = Arrays.copyOf(scratch, count * 2);
                        }
                        scratch[count++] = p;
                    }
                }
            }
            parents[i] = Arrays.stream(scratch, 0, count).sorted().distinct().toArray();
        }
        return parents;
    }

    private static int[][] children(int[][] parents, int n) {
        int[] count = new int[n];
        for (int[] ps : parents) {
            for (int p : ps) {
                count[p]++;
            }
        }
        int[][] children = new int[n][];
        for (int i = 0; i < n; i++) {
            children[i] = new int[count[i]];
            count[i] = 0;
        }
        for (int i = 0; i < n; i++) {
            for (int p : parents[i]) {
                children[p][count[p]++] = i;
            }
        }
        return children;
    }

    /** A parent that kept {@code i} from being planned: one in a cycle, or one that was itself blocked. */
    private static String firstBlockingParent(int i, int[][] parents, int[] waiting, boolean[] inCycle, String[] ids) {
        for (int p : parents[i]) {
            if (inCycle[p]) {
                return ids[p];
            }
        }
        for (int p : parents[i]) {
            if (waiting[p] > 0) {
                return ids[p];
            }
        }
        return ids[parents[i][0]];
    }

    private static boolean contains(int[] sorted, int value) {
        return Arrays.binarySearch(sorted, value) >= 0;
    }

    /**
     * The shortest path around the cycle through {@code start}, written the way images are built: each
     * producer is built FROM the one before it, {@code [a, b, a]}.
     */
    private static List<String> cyclePath(int start, int[] component, int[][] parents, String[] ids) {
        // breadth first from start along child -> parent edges inside the component, back to start
        Map<Integer, Integer> cameFrom = new HashMap<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            int at = todo.pop();
            for (int parent : parents[at]) {
                if (component[parent] != component[start]) {
                    continue;
                }
                if (parent == start) {
                    // [start, at, the child at was reached from, ..., start]: each built FROM the one before
                    List<String> path = new ArrayList<>();
                    path.add(ids[start]);
                    for (Integer p = at; p != null; p = cameFrom.get(p)) {
                        path.add(ids[p]);
                    }
                    return path;
                }
                if (parent != start && !cameFrom.containsKey(parent)) {
                    cameFrom.put(parent, at);
                    todo.add(parent);
                }
            }
        }
        return List.of(ids[start], ids[start]);
    }
}
