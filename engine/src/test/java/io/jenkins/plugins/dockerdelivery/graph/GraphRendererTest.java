package io.jenkins.plugins.dockerdelivery.graph;

import static io.jenkins.plugins.dockerdelivery.graph.GraphFixtures.img;
import static io.jenkins.plugins.dockerdelivery.graph.GraphFixtures.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class GraphRendererTest {
    private final ImageGraph graph = ImageGraph.of(List.of(
            p("base", "reg:5000/team/base:7", "busybox"),
            p("app", "reg:5000/team/app:1", "reg:5000/team/base:7"),
            p("a\"<&>", "weird:1", "reg:5000/team/app:1")));

    @Test
    void tableListsEachProducer() {
        assertThat(GraphRenderer.table(graph)).isEqualTo("""
                PRODUCER  PRODUCES              BUILT FROM
                a"<&>     weird:1               reg:5000/team/app:1
                app       reg:5000/team/app:1   reg:5000/team/base:7
                base      reg:5000/team/base:7  busybox:latest
                """);
    }

    @Test
    void dotAndMermaidCarryEveryEdgeAndEscapeNames() {
        String dot = GraphRenderer.dot(graph);
        assertThat(dot)
                .startsWith("digraph images {")
                .contains("\"busybox:latest\" -> \"reg:5000/team/base:7\" [label=\"base\"];")
                .contains("[label=\"a\\\"<&>\"]");
        String mermaid = GraphRenderer.mermaid(graph);
        assertThat(mermaid).startsWith("flowchart LR\n").contains("-->|app|").contains("a#quot;<&>");
        assertThat(mermaid.lines().filter(l -> l.contains("-->")).count()).isEqualTo(3);
    }

    @Test
    void svgIsWellFormedWithOneBoxPerImageAndEscapedText() throws Exception {
        String svg = GraphRenderer.svg(graph, Set.of(img("reg:5000/team/app:1")));
        Document doc =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(4);
        assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(1 + 3); // marker + edges
        assertThat(svg).contains("#ffe9b3").contains("a&quot;&lt;&amp;&gt;");
    }

    @Test
    void svgDrawsCyclesWithoutLooping() {
        ImageGraph cyclic = ImageGraph.of(List.of(p("a", "a:1", "b:1"), p("b", "b:1", "a:1")));
        assertThat(GraphRenderer.svg(cyclic, Set.of())).contains("(cycle)");
    }

    @Test
    void planTextNamesWavesCyclesAndSkips() {
        ImageGraph g = ImageGraph.of(List.of(
                p("x", "x:1", "root:1"),
                p("y", "y:1", "x:1"),
                p("c1", "c1:1", "root:1", "c2:1"),
                p("c2", "c2:1", "c1:1")));
        String text = GraphRenderer.plan(
                RebuildPlanner.plan(g, List.of(img("root:1")), MatchLevel.TAG).afterFailure("x"));
        assertThat(text).isEqualTo("""
                Rebuild after a change of root:1:
                  wave 1: x
                  cycle: c1 -> c2 -> c1 (each is built FROM the one before it)
                  c1: skipped: it is in a dependency cycle
                  c2: skipped: it is in a dependency cycle
                  y: skipped: x, which it is built from, failed
                """);
    }
}
