package io.jenkins.plugins.dockerdelivery.bench;

import io.jenkins.plugins.dockerdelivery.graph.ImageGraph;

/**
 * Retained heap of an {@link ImageGraph} at several sizes, to show it grows linearly with the graph:
 * the bytes per image stay flat as the graph doubles.
 */
public final class GraphMemory {
    private GraphMemory() {}

    public static void main(String[] args) throws InterruptedException {
        for (int images : new int[] {5_000, 10_000, 20_000, 40_000}) {
            long before = usedAfterGc();
            ImageGraph graph = ImageGraph.of(GraphBenchmark.producers(images, 5, 42));
            long after = usedAfterGc();
            System.out.printf(
                    "[graph-memory] %,d images, %,d edges: %,d KiB retained, %,d bytes per image%n",
                    images, graph.edgeCount(), (after - before) / 1024, (after - before) / images);
            if (graph.producers().isEmpty()) {
                throw new IllegalStateException("keeps the graph reachable until measured");
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
