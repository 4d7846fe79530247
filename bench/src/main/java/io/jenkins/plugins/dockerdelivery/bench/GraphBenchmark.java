package io.jenkins.plugins.dockerdelivery.bench;

import io.jenkins.plugins.dockerdelivery.graph.ImageGraph;
import io.jenkins.plugins.dockerdelivery.graph.Producer;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlanner;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scale: 10,000 images and 50,000 "built FROM" edges. Building the graph and planning the
 * rebuild of a root must each take under 50 ms. Ten roots (external bases) feed a random DAG in which
 * every producer builds one image FROM five images of lower index, so a root reaches most of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class GraphBenchmark {
    @Param({"10000"})
    int images;

    @Param({"5"})
    int basesPerImage;

    List<Producer> producers;
    ImageGraph graph;
    ImageReference root;

    @Setup
    public void setUp() {
        producers = producers(images, basesPerImage, 42);
        graph = ImageGraph.of(producers);
        root = image(0);
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(root), MatchLevel.TAG);
        System.out.printf(
                "%n[graph] %d producers, %d images, %d edges; a rebuild of %s plans %d producers in %d waves%n",
                producers.size(),
                graph.images().size(),
                graph.edgeCount(),
                root.familiar(),
                plan.producers().size(),
                plan.waves().size());
    }

    static ImageReference image(int i) {
        return ImageReference.parse("registry.example.com:5000/team/image-" + i + ":1");
    }

    static List<Producer> producers(int images, int basesPerImage, long seed) {
        Random random = new Random(seed);
        int roots = 10;
        List<ImageReference> refs = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            refs.add(image(i));
        }
        List<Producer> producers = new ArrayList<>(images);
        for (int i = roots; i < images; i++) {
            Set<ImageReference> bases = new LinkedHashSet<>();
            while (bases.size() < Math.min(basesPerImage, i)) {
                // favour recent images so that chains get deep, as real base hierarchies do
                int pick =
                        random.nextBoolean() ? random.nextInt(i) : Math.max(0, i - 1 - random.nextInt(Math.min(i, 50)));
                bases.add(refs.get(pick));
            }
            producers.add(new Producer("job-" + i, List.of(refs.get(i)), List.copyOf(bases)));
        }
        return producers;
    }

    @Benchmark
    public ImageGraph buildGraph() {
        return ImageGraph.of(producers);
    }

    @Benchmark
    public RebuildPlan planRebuildOfRoot() {
        return RebuildPlanner.plan(graph, List.of(root), MatchLevel.TAG);
    }

    @Benchmark
    public RebuildPlan buildAndPlan() {
        return RebuildPlanner.plan(ImageGraph.of(producers), List.of(root), MatchLevel.TAG);
    }
}
