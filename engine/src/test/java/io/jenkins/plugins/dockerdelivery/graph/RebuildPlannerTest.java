package io.jenkins.plugins.dockerdelivery.graph;

import static io.jenkins.plugins.dockerdelivery.graph.GraphFixtures.img;
import static io.jenkins.plugins.dockerdelivery.graph.GraphFixtures.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebuildPlannerTest {

    @Test
    void chainIsOneProducerPerWave() {
        ImageGraph graph = ImageGraph.of(
                List.of(p("base", "base:1", "busybox"), p("mid", "mid:1", "base:1"), p("leaf", "leaf:1", "mid:1")));
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(img("base:1")), MatchLevel.TAG);
        assertThat(plan.waves()).containsExactly(List.of("mid"), List.of("leaf"));
        assertThat(plan.cycles()).isEmpty();
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void diamondBuildsTheJoinOnceAfterBothParents() {
        ImageGraph graph = ImageGraph.of(List.of(
                p("left", "left:1", "base:1"),
                p("right", "right:1", "base:1"),
                p("join", "join:1", "left:1"),
                p("join2", "join2:1", "right:1", "left:1"),
                p("deep", "deep:1", "join2:1", "base:1")));
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(img("base:1")), MatchLevel.TAG);
        assertThat(plan.waves()).containsExactly(List.of("left", "right"), List.of("join", "join2"), List.of("deep"));
        assertThat(plan.producers()).doesNotHaveDuplicates();
        assertThat(plan.parents().get("deep")).containsExactly("join2");
    }

    @Test
    void wideFanOutIsOneSortedWave() {
        List<Producer> producers = new ArrayList<>();
        for (int i = 999; i >= 0; i--) {
            producers.add(p(String.format("app-%03d", i), "team/app-" + i + ":1", "team/base:7"));
        }
        RebuildPlan plan = RebuildPlanner.plan(ImageGraph.of(producers), List.of(img("team/base:7")), MatchLevel.TAG);
        assertThat(plan.waves()).hasSize(1);
        assertThat(plan.waves().get(0)).hasSize(1000).isSorted().startsWith("app-000");
    }

    @Test
    void tagLevelDoesNotReachOtherTagsButRepositoryLevelDoes() {
        ImageGraph graph = ImageGraph.of(List.of(
                p("on7", "a:1", "registry.example.com/team/nginx-drupal:7"),
                p("on8", "b:1", "registry.example.com/team/nginx-drupal:8")));
        assertThat(RebuildPlanner.plan(graph, List.of(img("registry.example.com/team/nginx-drupal:7")), MatchLevel.TAG)
                        .producers())
                .containsExactly("on7");
        assertThat(RebuildPlanner.plan(
                                graph, List.of(img("registry.example.com/team/nginx-drupal:7")), MatchLevel.REPOSITORY)
                        .producers())
                .containsExactly("on7", "on8");
    }

    @Test
    void normalisedNamesMatchAcrossSpellings() {
        ImageGraph graph = ImageGraph.of(List.of(p("app", "app:1", "docker.io/library/busybox:latest")));
        assertThat(RebuildPlanner.plan(graph, List.of(img("busybox")), MatchLevel.TAG)
                        .producers())
                .containsExactly("app");
    }

    @Test
    void severalChangedImagesAreOnePlan() {
        ImageGraph graph =
                ImageGraph.of(List.of(p("x", "x:1", "a:1"), p("y", "y:1", "b:1"), p("z", "z:1", "x:1", "y:1")));
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(img("a:1"), img("b:1")), MatchLevel.TAG);
        assertThat(plan.waves()).containsExactly(List.of("x", "y"), List.of("z"));
    }

    @Test
    void aProducerOfSeveralImagesCountsOnce() {
        ImageGraph graph = ImageGraph.of(List.of(
                new Producer("multi", List.of(img("m:1"), img("m:latest")), List.of(img("base:1"))),
                p("child1", "c1:1", "m:1"),
                p("child2", "c2:1", "m:latest")));
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(img("base:1")), MatchLevel.TAG);
        assertThat(plan.waves()).containsExactly(List.of("multi"), List.of("child1", "child2"));
    }

    @Test
    void aFailureInTheMiddleSkipsItsDescendantsAndKeepsUnrelatedBranches() {
        ImageGraph graph = ImageGraph.of(List.of(
                p("mid", "mid:1", "base:1"),
                p("leaf", "leaf:1", "mid:1"),
                p("deeper", "deeper:1", "leaf:1"),
                p("other", "other:1", "base:1"),
                p("other-leaf", "other-leaf:1", "other:1")));
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(img("base:1")), MatchLevel.TAG);
        RebuildPlan after = plan.afterFailure("mid");
        assertThat(after.waves()).containsExactly(List.of("mid", "other"), List.of("other-leaf"));
        assertThat(after.skipped()).extracting(RebuildPlan.Skipped::producer).containsExactly("deeper", "leaf");
        assertThat(after.skipped().get(1).reason()).isEqualTo("skipped: mid, which it is built from, failed");
        assertThat(after.skipped().get(0).reason())
                .isEqualTo("skipped: mid, which it is built from through other images, failed");
        assertThat(plan.afterFailure("other-leaf")).isEqualTo(plan);
    }

    @Test
    void twoCycleIsReportedWithItsPathAndNotLoopedOn() {
        ImageGraph graph = ImageGraph.of(List.of(
                p("a", "a:1", "base:1", "b:1"),
                p("b", "b:1", "a:1"),
                p("c", "c:1", "b:1"),
                p("free", "free:1", "base:1")));
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(img("base:1")), MatchLevel.TAG);
        assertThat(plan.cycles()).extracting(RebuildPlan.Cycle::toString).containsExactly("a -> b -> a");
        assertThat(plan.waves()).containsExactly(List.of("free"));
        assertThat(plan.skipped()).extracting(RebuildPlan.Skipped::producer).containsExactly("a", "b", "c");
        assertThat(plan.skipped().get(2).reason())
                .isEqualTo("skipped: it is built from b, which is in a dependency cycle");
    }

    @Test
    void longerCyclesShowTheFullPath() {
        ImageGraph graph = ImageGraph.of(List.of(
                p("a", "a:1", "d:1", "root:1"), p("b", "b:1", "a:1"), p("c", "c:1", "b:1"), p("d", "d:1", "c:1")));
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(img("root:1")), MatchLevel.TAG);
        assertThat(plan.cycles()).extracting(RebuildPlan.Cycle::toString).containsExactly("a -> b -> c -> d -> a");
        assertThat(plan.waves()).isEmpty();
    }

    @Test
    void selfBuildingProducerIsACycle() {
        ImageGraph graph = ImageGraph.of(List.of(p("self", "self:1", "self:1", "root:1")));
        RebuildPlan plan = RebuildPlanner.plan(graph, List.of(img("root:1")), MatchLevel.TAG);
        assertThat(plan.cycles()).extracting(RebuildPlan.Cycle::toString).containsExactly("self -> self");
    }

    @Test
    void nothingBuiltFromTheImageIsAnEmptyPlan() {
        RebuildPlan plan = RebuildPlanner.plan(
                ImageGraph.of(List.of(p("a", "a:1", "b:1"))), List.of(img("zzz:1")), MatchLevel.TAG);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(GraphRenderer.plan(plan)).contains("nothing is built FROM it");
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        List<Producer> chain = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) {
            chain.add(p("p" + i, "img" + i + ":1", "img" + (i - 1) + ":1"));
        }
        RebuildPlan plan = RebuildPlanner.plan(ImageGraph.of(chain), List.of(img("img0:1")), MatchLevel.TAG);
        assertThat(plan.waves()).hasSize(20_000);
    }
}
