package io.jenkins.plugins.dockerdelivery.maestro;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What a YAML node is once loaded by PyYAML, as Maestro-NG sees it: YAML 1.1 types resolve the same way
 * in SnakeYAML ({@code no} is false, {@code 80:22} is a base-60 int), so the node's tag tells whether
 * Maestro gets a string, a number, a list, a dict or None.
 */
final class Yaml {
    private Yaml() {}

    static boolean isMapping(Node n) {
        return n instanceof MappingNode;
    }

    static boolean isList(Node n) {
        return n instanceof SequenceNode;
    }

    static boolean isNull(Node n) {
        return n == null || n.getTag().equals(Tag.NULL);
    }

    static boolean isString(Node n) {
        return n instanceof ScalarNode && n.getTag().equals(Tag.STR);
    }

    static boolean isInt(Node n) {
        return n instanceof ScalarNode && n.getTag().equals(Tag.INT);
    }

    static boolean isBool(Node n) {
        return n instanceof ScalarNode && n.getTag().equals(Tag.BOOL);
    }

    static boolean isFloat(Node n) {
        return n instanceof ScalarNode && n.getTag().equals(Tag.FLOAT);
    }

    /** Python's truth of the loaded value. */
    static boolean truthy(Node n) {
        if (isNull(n)) {
            return false;
        }
        if (n instanceof MappingNode m) {
            return !m.getValue().isEmpty();
        }
        if (n instanceof SequenceNode s) {
            return !s.getValue().isEmpty();
        }
        String v = text(n);
        if (isBool(n)) {
            return Set11.TRUE.contains(v.toLowerCase(java.util.Locale.ROOT));
        }
        if (isInt(n) || isFloat(n)) {
            return !v.replaceAll("[-+0._:]", "").isEmpty() && !v.matches("[-+]?(0+|0[xob]0+)");
        }
        return !v.isEmpty();
    }

    private static final class Set11 {
        static final java.util.Set<String> TRUE = java.util.Set.of("yes", "true", "on", "y");
    }

    static String text(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : "";
    }

    /** How Python would show the value in a message. */
    static String shown(Node n) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        return n instanceof MappingNode ? "a mapping" : "a list";
    }

    /** A mapping's entries by key text; keys are the loaded values' text. */
    static Map<String, Node> entries(Node n) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                out.put(text(t.getKeyNode()), t.getValueNode());
            }
        }
        return out;
    }

    /** Keys that are not strings (80: ...), which Python refuses as keyword arguments. */
    static Node firstNonStringKey(Node n) {
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!isString(t.getKeyNode())) {
                    return t.getKeyNode();
                }
            }
        }
        return null;
    }

    /** Python's {@code int(x)} succeeds: an int, a float, a bool, or a string of an integer. */
    static boolean intConvertible(Node n) {
        if (isInt(n) || isBool(n)) {
            return true;
        }
        if (isFloat(n)) {
            String v = text(n).toLowerCase(java.util.Locale.ROOT);
            return !v.contains("inf") && !v.contains("nan");
        }
        return isString(n) && text(n).strip().matches("[-+]?\\d(_?\\d)*");
    }
}
