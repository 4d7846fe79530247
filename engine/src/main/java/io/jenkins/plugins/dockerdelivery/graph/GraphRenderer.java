package io.jenkins.plugins.dockerdelivery.graph;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Shows an {@link ImageGraph} to people: a table, Graphviz DOT, Mermaid (which GitLab and GitHub draw
 * in Markdown), or a self-contained SVG picture (which the Jenkins plugin shows on its pages).
 * Images are nodes; an edge goes from a base to the image built FROM it and carries the producer.
 */
public final class GraphRenderer {
    private GraphRenderer() {}

    /** One edge of the picture: {@code base -> image}, drawn by {@code producer}. */
    record Edge(ImageReference base, ImageReference image, String producer) {}

    static List<Edge> edges(ImageGraph graph) {
        List<Edge> edges = new ArrayList<>();
        for (Producer producer : graph.producers()) {
            for (ImageReference base : producer.bases()) {
                for (ImageReference image : producer.images()) {
                    edges.add(new Edge(base, image, producer.id()));
                }
            }
        }
        return edges;
    }

    public static String table(ImageGraph graph) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PRODUCER", "PRODUCES", "BUILT FROM"});
        for (Producer p : graph.producers()) {
            rows.add(new String[] {p.id(), familiar(p.images()), familiar(p.bases())});
        }
        int[] width = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < 3; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            out.append(String.format("%-" + width[0] + "s  %-" + width[1] + "s  %s%n", row[0], row[1], row[2]));
        }
        return out.toString();
    }

    private static String familiar(Collection<ImageReference> images) {
        return images.isEmpty()
                ? "-"
                : String.join(
                        ", ", images.stream().map(ImageReference::familiar).toList());
    }

    public static String dot(ImageGraph graph) {
        StringBuilder out = new StringBuilder("digraph images {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
        for (ImageReference image : graph.images()) {
            out.append("  ").append(quote(image.familiar())).append(";\n");
        }
        for (Edge e : edges(graph)) {
            out.append("  ")
                    .append(quote(e.base().familiar()))
                    .append(" -> ")
                    .append(quote(e.image().familiar()))
                    .append(" [label=")
                    .append(quote(e.producer()))
                    .append("];\n");
        }
        return out.append("}\n").toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    public static String mermaid(ImageGraph graph) {
        Map<ImageReference, String> ids = new LinkedHashMap<>();
        for (ImageReference image : graph.images()) {
            ids.put(image, "n" + ids.size());
        }
        StringBuilder out = new StringBuilder("flowchart LR\n");
        ids.forEach((image, id) -> out.append("  ")
                .append(id)
                .append("[\"")
                .append(mermaidText(image.familiar()))
                .append("\"]\n"));
        for (Edge e : edges(graph)) {
            out.append("  ")
                    .append(ids.get(e.base()))
                    .append(" -->|")
                    .append(mermaidText(e.producer()))
                    .append("| ")
                    .append(ids.get(e.image()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String mermaidText(String s) {
        return s.replace("\"", "#quot;").replace("|", "#124;");
    }

    /** The plan as text: one line per wave, then cycles and skipped producers. */
    public static String plan(RebuildPlan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Rebuild after a change of ")
                .append(String.join(
                        ", ",
                        plan.changed().stream().map(ImageReference::familiar).toList()))
                .append(":\n");
        if (plan.isEmpty() && !plan.cycles().isEmpty()) {
            out.append("  nothing can be rebuilt: the producers below are in a dependency cycle or FROM one\n");
        } else if (plan.isEmpty() && plan.skipped().isEmpty()) {
            out.append("  nothing is built FROM ")
                    .append(plan.changed().size() == 1 ? "it" : "them")
                    .append('\n');
        }
        for (int i = 0; i < plan.waves().size(); i++) {
            out.append("  wave ")
                    .append(i + 1)
                    .append(": ")
                    .append(String.join(", ", plan.waves().get(i)))
                    .append('\n');
        }
        for (RebuildPlan.Cycle cycle : plan.cycles()) {
            out.append("  cycle: ").append(cycle).append(" (each is built FROM the one before it)\n");
        }
        for (RebuildPlan.Skipped s : plan.skipped()) {
            out.append("  ")
                    .append(s.producer())
                    .append(": ")
                    .append(s.reason())
                    .append('\n');
        }
        return out.toString();
    }

    // --- SVG ---------------------------------------------------------------------------------

    private static final int CHAR_WIDTH = 7;
    private static final int BOX_HEIGHT = 28;
    private static final int ROW_GAP = 14;
    private static final int COLUMN_GAP = 70;
    private static final int MARGIN = 16;

    /**
     * A layered picture, bases on the left: each image in the column after its deepest base.
     * Images in {@code highlight} (a rebuild's changed and planned images) are drawn in colour.
     */
    public static String svg(ImageGraph graph, Set<ImageReference> highlight) {
        List<Edge> edges = edges(graph);
        Map<ImageReference, Integer> column = columns(graph.images(), edges);
        Map<Integer, List<ImageReference>> byColumn = new TreeMap<>();
        column.forEach((image, c) ->
                byColumn.computeIfAbsent(c, k -> new ArrayList<>()).add(image));
        byColumn.values().forEach(list -> list.sort(java.util.Comparator.comparing(ImageReference::familiar)));

        Map<ImageReference, int[]> box = new HashMap<>(); // x, y, width
        int x = MARGIN;
        int height = MARGIN;
        for (List<ImageReference> images : byColumn.values()) {
            int width =
                    images.stream().mapToInt(i -> i.familiar().length()).max().orElse(4) * CHAR_WIDTH + 20;
            int y = MARGIN;
            for (ImageReference image : images) {
                box.put(image, new int[] {x, y, width});
                y += BOX_HEIGHT + ROW_GAP;
            }
            height = Math.max(height, y);
            x += width + COLUMN_GAP;
        }
        int totalWidth = Math.max(x - COLUMN_GAP + MARGIN, 2 * MARGIN);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"docker-delivery-graph\" width=\"")
                .append(totalWidth)
                .append("\" height=\"")
                .append(height + MARGIN)
                .append("\" viewBox=\"0 0 ")
                .append(totalWidth)
                .append(' ')
                .append(height + MARGIN)
                .append("\" font-family=\"monospace\" font-size=\"12\">\n")
                .append(
                        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\""
                                + " orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#666\"/></marker></defs>\n");
        Set<String> drawn = new HashSet<>();
        for (Edge e : edges) {
            int[] from = box.get(e.base());
            int[] to = box.get(e.image());
            if (!drawn.add(e.base() + ">" + e.image())) {
                continue;
            }
            int x1 = from[0] + from[2];
            int y1 = from[1] + BOX_HEIGHT / 2;
            int x2 = to[0];
            int y2 = to[1] + BOX_HEIGHT / 2;
            if (x2 <= x1) { // an edge inside a cycle: route it below the boxes
                svg.append("<path d=\"M")
                        .append(x1)
                        .append(',')
                        .append(y1)
                        .append(" C")
                        .append(x1 + 40)
                        .append(',')
                        .append(height + 10)
                        .append(' ')
                        .append(x2 - 40)
                        .append(',')
                        .append(height + 10)
                        .append(' ')
                        .append(x2)
                        .append(',')
                        .append(y2)
                        .append("\" fill=\"none\" stroke=\"#c00\" stroke-dasharray=\"4 2\""
                                + " marker-end=\"url(#arrow)\"><title>")
                        .append(xml(e.producer()))
                        .append(" (cycle)</title></path>\n");
                continue;
            }
            int mid = (x1 + x2) / 2;
            // an edge that skips a column dips below the boxes it would otherwise run behind
            boolean skips = column.get(e.image()) - column.get(e.base()) > 1;
            int dip = Math.max(y1, y2) + BOX_HEIGHT;
            String curve = "M" + x1 + "," + y1 + " C" + mid + "," + (skips ? dip : y1) + " " + mid + ","
                    + (skips ? dip : y2) + " " + x2 + "," + y2;
            svg.append("<path d=\"")
                    .append(curve)
                    .append("\" fill=\"none\" stroke=\"#666\" marker-end=\"url(#arrow)\"><title>")
                    .append(xml(
                            e.image().familiar() + " is built FROM " + e.base().familiar() + " by " + e.producer()))
                    .append("</title></path>\n");
        }
        Set<String> producedKeys = new HashSet<>();
        graph.producers().forEach(p -> p.images().forEach(i -> producedKeys.add(i.toString())));
        for (Map.Entry<ImageReference, int[]> entry : box.entrySet()) {
            ImageReference image = entry.getKey();
            int[] b = entry.getValue();
            boolean hot = highlight.contains(image);
            boolean external = !producedKeys.contains(image.toString());
            String fill = hot ? "#ffe9b3" : external ? "#f2f2f2" : "#e3f0ff";
            String stroke = hot ? "#d48a00" : external ? "#999" : "#3a76c4";
            svg.append("<g><title>")
                    .append(xml(image.toString()))
                    .append(external ? " (not built here)" : "")
                    .append("</title><rect x=\"")
                    .append(b[0])
                    .append("\" y=\"")
                    .append(b[1])
                    .append("\" width=\"")
                    .append(b[2])
                    .append("\" height=\"")
                    .append(BOX_HEIGHT)
                    .append("\" rx=\"6\" fill=\"")
                    .append(fill)
                    .append("\" stroke=\"")
                    .append(stroke)
                    .append("\"/><text x=\"")
                    .append(b[0] + 10)
                    .append("\" y=\"")
                    .append(b[1] + 18)
                    .append("\">")
                    .append(xml(image.familiar()))
                    .append("</text></g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /** Longest-path layering; images on a cycle get the column after the deepest one seen. */
    private static Map<ImageReference, Integer> columns(Set<ImageReference> images, List<Edge> edges) {
        Map<ImageReference, List<ImageReference>> parents = new HashMap<>();
        Map<ImageReference, Integer> indegree = new HashMap<>();
        images.forEach(i -> indegree.put(i, 0));
        Map<ImageReference, List<ImageReference>> children = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Edge e : edges) {
            if (e.base().equals(e.image()) || !seen.add(e.base() + ">" + e.image())) {
                continue;
            }
            children.computeIfAbsent(e.base(), k -> new ArrayList<>()).add(e.image());
            parents.computeIfAbsent(e.image(), k -> new ArrayList<>()).add(e.base());
            indegree.merge(e.image(), 1, Integer::sum);
        }
        Map<ImageReference, Integer> column = new LinkedHashMap<>();
        java.util.ArrayDeque<ImageReference> ready = new java.util.ArrayDeque<>();
        indegree.forEach((i, d) -> {
            if (d == 0) {
                ready.add(i);
                column.put(i, 0);
            }
        });
        while (!ready.isEmpty()) {
            ImageReference at = ready.pop();
            for (ImageReference child : children.getOrDefault(at, List.of())) {
                column.merge(child, column.get(at) + 1, Math::max);
                if (indegree.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        int deepest = column.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (ImageReference image : images) {
            if (indegree.get(image) > 0) {
                column.put(image, deepest + 1); // on a cycle
            }
        }
        return column;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
