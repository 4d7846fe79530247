package io.jenkins.plugins.dockerdelivery.yaml;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The one way the engine reads YAML: SnakeYAML's {@link SafeConstructor} (no global tags, so no
 * classes instantiated from input), duplicate keys rejected, alias expansion and document size
 * bounded. Errors name the file, line and column.
 */
public final class SafeYaml {
    /** Aliases allowed per collection: enough for real anchors, far too few for a "billion laughs". */
    public static final int MAX_ALIASES = 50;
    /** The largest document read, in characters. */
    public static final int DEFAULT_MAX_CHARACTERS = 3 * 1024 * 1024;

    private SafeYaml() {}

    private static LoaderOptions options(int maxCharacters) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(maxCharacters);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(100);
        return options;
    }

    private static Yaml yaml(LoaderOptions options) {
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    }

    /** Loads one document as plain maps, lists and scalars. */
    public static Object load(String file, String text) {
        return load(file, text, DEFAULT_MAX_CHARACTERS);
    }

    public static Object load(String file, String text, int maxCharacters) {
        checkSize(file, text, maxCharacters);
        LoaderOptions options = options(maxCharacters);
        try {
            return yaml(options).load(text);
        } catch (YAMLException e) {
            throw error(file, e);
        }
    }

    /**
     * Composes one document into nodes, which keep their line and column for later messages. Nothing
     * is constructed, so what construction would refuse is checked here: only YAML's own types are
     * allowed, and a key may appear once in a mapping.
     */
    public static Node compose(String file, String text, int maxCharacters) {
        checkSize(file, text, maxCharacters);
        LoaderOptions options = options(maxCharacters);
        Node root;
        try {
            root = yaml(options).compose(new java.io.StringReader(text));
        } catch (YAMLException e) {
            throw error(file, e);
        }
        if (root != null) {
            checkNodes(file, root, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        }
        return root;
    }

    private static final java.util.Set<String> STANDARD_TAGS = java.util.Set.of(
            "str",
            "int",
            "float",
            "bool",
            "null",
            "map",
            "seq",
            "omap",
            "pairs",
            "set",
            "binary",
            "timestamp",
            "merge");

    private static void checkNodes(String file, Node node, java.util.Set<Node> seen) {
        if (!seen.add(node)) {
            return; // an alias: checked where it was anchored
        }
        String tag = node.getTag().getValue();
        String standard = "tag:yaml.org,2002:";
        if (!tag.startsWith(standard) || !STANDARD_TAGS.contains(tag.substring(standard.length()))) {
            throw new InvalidInputException(file + ":" + line(node) + ": the tag " + tag.replace(standard, "!!")
                    + " is not allowed: only plain YAML values (strings, numbers, lists, mappings)");
        }
        if (node instanceof org.yaml.snakeyaml.nodes.MappingNode mapping) {
            java.util.Map<String, Node> keys = new java.util.HashMap<>();
            for (org.yaml.snakeyaml.nodes.NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode key) {
                    Node first = keys.putIfAbsent(key.getValue(), key);
                    if (first != null && !key.getValue().equals("<<")) {
                        throw new InvalidInputException(file + ":" + line(key) + ": duplicate key " + key.getValue()
                                + " (first on line " + line(first) + ")");
                    }
                }
                checkNodes(file, tuple.getKeyNode(), seen);
                checkNodes(file, tuple.getValueNode(), seen);
            }
        } else if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode sequence) {
            sequence.getValue().forEach(child -> checkNodes(file, child, seen));
        }
    }

    private static void checkSize(String file, String text, int maxCharacters) {
        if (text.length() > maxCharacters) {
            throw new InvalidInputException(file + ": the file has " + text.length() + " characters, more than the "
                    + maxCharacters + " this reader accepts; is it the right file?");
        }
    }

    private static InvalidInputException error(String file, YAMLException e) {
        if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            // SnakeYAML's texts may quote the input: cut and escaped like every quoted input
            String problem = io.jenkins.plugins.dockerdelivery.TextFields.excerpt(
                    marked.getProblem() == null ? e.getMessage() : marked.getProblem());
            String context = marked.getContext() == null
                    ? ""
                    : io.jenkins.plugins.dockerdelivery.TextFields.excerpt(marked.getContext()) + ": ";
            return new InvalidInputException(
                    file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": " + context + problem, e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("exceeds the limit")) {
            message = "the document is larger than allowed (" + message + ")";
        } else if (message.contains("Number of aliases")) {
            message = "too many aliases (more than " + MAX_ALIASES + " per collection): the document looks like"
                    + " an alias bomb";
        }
        return new InvalidInputException(file + ": " + message, e);
    }

    /** "line N" of a node, for messages. */
    public static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /**
     * A setting that must be text: a string, or a number or boolean YAML read as one ({@code tag:
     * 7}); a list or mapping is an error naming the key. Null stays null.
     */
    public static String text(String file, String key, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof java.util.Collection<?>) {
            throw new InvalidInputException(file + ": '" + key + "' must be a single value, not a "
                    + (value instanceof Map<?, ?> ? "mapping" : "list"));
        }
        return String.valueOf(value);
    }

    /** A setting that must be true or false ({@code requireToken: "yes please"} is an error). */
    public static boolean bool(String file, String key, Object value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw new InvalidInputException(file + ": '" + key + "' must be true or false, not '"
                    + io.jenkins.plugins.dockerdelivery.TextFields.excerpt(String.valueOf(value)) + "'");
        }
        return b;
    }
}
