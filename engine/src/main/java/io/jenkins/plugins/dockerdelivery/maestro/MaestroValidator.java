package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.yaml.SafeYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks a maestro.yaml before a deploy, the way Maestro-NG reads it: render the Jinja2 template with
 * the given environment, read the YAML safely (no tags, duplicate keys refused, aliases bounded), then
 * check what Maestro needs: {@code name}, {@code ships} with {@code ip}, {@code services} with {@code
 * image} and {@code instances}, every instance's {@code ship}, {@code requires} and {@code wants_info}
 * targets, no dependency cycle. Maestro itself answers most of these with a Python traceback.
 *
 * <p>Line numbers refer to the rendered text, as Maestro's own do; they match the file when the
 * template does not add or remove lines.
 */
public final class MaestroValidator {
    public static final int MAX_CHARACTERS = SafeYaml.DEFAULT_MAX_CHARACTERS;

    private static final Set<String> SERVICE_KEYS = Set.of(
            "image", "instances", "requires", "wants_info", "env", "envfile", "omit", "lifecycle", "limits", "ports");
    private static final Set<String> INSTANCE_KEYS = Set.of(
            "ship",
            "image",
            "command",
            "cmd",
            "ports",
            "env",
            "envfile",
            "volumes",
            "container_volumes",
            "volumes_from",
            "links",
            "username",
            "privileged",
            "cap_add",
            "cap_drop",
            "extra_hosts",
            "net",
            "dns",
            "restart",
            "stop_timeout",
            "limits",
            "log_driver",
            "log_opt",
            "workdir",
            "security_opt",
            "ulimits",
            "labels",
            "lxc_conf",
            "lifecycle");

    private final String file;
    private final List<ValidationReport.Problem> errors = new ArrayList<>();
    private final List<ValidationReport.Problem> warnings = new ArrayList<>();
    private final List<ValidationReport.ImageUse> images = new ArrayList<>();
    /** Each mapping value's key node: a missing field is reported on the line of the key that lacks it. */
    private final Map<Node, Node> keyOf = new java.util.IdentityHashMap<>();

    private MaestroValidator(String file) {
        this.file = file;
    }

    /**
     * @param includeRoot the directory {@code {% include %}} may read from, or null for none
     * @throws InvalidInputException when the file cannot be rendered or parsed at all
     */
    public static ValidationReport validate(String file, String text, Map<String, String> env, Path includeRoot) {
        if (text.length() > MAX_CHARACTERS) {
            throw new InvalidInputException(
                    file + ": the file has " + text.length() + " characters; an environment file has a few"
                            + " thousand, and this reader stops at " + MAX_CHARACTERS + ". Is it the right file?");
        }
        String rendered = MaestroTemplate.render(file, text, env, includeRoot);
        Node root = SafeYaml.compose(file, rendered, MAX_CHARACTERS);
        MaestroValidator validator = new MaestroValidator(file);
        validator.check(root);
        return new ValidationReport(file, validator.errors, validator.warnings, validator.images);
    }

    private void check(Node root) {
        if (!(root instanceof MappingNode)) {
            error(root, "(document)", "the file must be a mapping with name, ships and services");
            return;
        }
        Map<String, Node> top = mapping(root, "(document)");
        Node name = top.get("name");
        if (name == null) {
            error(root, "name", "is missing: Maestro needs the environment's name");
        } else if (!(name instanceof ScalarNode) || scalar(name).isBlank()) {
            error(name, "name", "must be a non-empty string");
        }
        Set<String> ships = ships(root, top.get("ships"));
        services(root, top.get("services"), ships);
    }

    private Set<String> ships(Node root, Node node) {
        Set<String> names = new TreeSet<>();
        if (node == null) {
            error(root, "ships", "is missing: Maestro needs at least one ship (Docker host)");
            return names;
        }
        for (Map.Entry<String, Node> ship : mapping(node, "ships").entrySet()) {
            names.add(ship.getKey());
            String key = "ships." + ship.getKey();
            Map<String, Node> fields = mapping(ship.getValue(), key);
            if (fields != null && !fields.containsKey("ip")) {
                error(ship.getValue(), key + ".ip", "is missing: every ship needs the address Maestro checks it at");
            }
        }
        if (names.isEmpty() && node instanceof MappingNode) {
            error(node, "ships", "is empty: Maestro needs at least one ship (Docker host)");
        }
        return names;
    }

    private void services(Node root, Node node, Set<String> ships) {
        if (node == null) {
            error(root, "services", "is missing: there is nothing to deploy");
            return;
        }
        Map<String, Node> services = mapping(node, "services");
        if (services == null) {
            return;
        }
        Map<String, String> instanceOwner = new LinkedHashMap<>();
        Map<String, List<String>> requires = new LinkedHashMap<>();
        for (Map.Entry<String, Node> service : services.entrySet()) {
            String key = "services." + service.getKey();
            Map<String, Node> fields = mapping(service.getValue(), key);
            if (fields == null) {
                continue;
            }
            unknownKeys(fields, SERVICE_KEYS, key);
            Node image = fields.get("image");
            if (image == null) {
                error(service.getValue(), key + ".image", "is missing: every service needs its image");
            } else {
                image(image, key + ".image", service.getKey(), null);
            }
            Node instances = fields.get("instances");
            if (instances == null) {
                error(service.getValue(), key + ".instances", "is missing: every service needs at least one instance");
            } else {
                Map<String, Node> byName = mapping(instances, key + ".instances");
                if (byName != null && byName.isEmpty()) {
                    error(instances, key + ".instances", "is empty: every service needs at least one instance");
                }
                if (byName != null) {
                    for (Map.Entry<String, Node> instance : byName.entrySet()) {
                        instance(
                                service.getKey(),
                                instance,
                                key + ".instances." + instance.getKey(),
                                ships,
                                instanceOwner);
                    }
                }
            }
            for (String dependency : List.of("requires", "wants_info")) {
                Node targets = fields.get(dependency);
                List<String> named = targets == null ? List.of() : names(targets, key + "." + dependency);
                for (String target : named) {
                    if (!services.containsKey(target)) {
                        error(
                                targets,
                                key + "." + dependency,
                                "'" + target + "' is not a service (services: " + String.join(", ", services.keySet())
                                        + ")");
                    }
                }
                if (dependency.equals("requires")) {
                    requires.put(service.getKey(), named);
                }
            }
        }
        cycle(requires, node);
    }

    private void instance(
            String service,
            Map.Entry<String, Node> instance,
            String key,
            Set<String> ships,
            Map<String, String> owners) {
        String previous = owners.putIfAbsent(instance.getKey(), service);
        if (previous != null) {
            error(
                    instance.getValue(),
                    key,
                    "the instance name '" + instance.getKey() + "' is also used by service '" + previous
                            + "': instance names are container names and must be unique");
        }
        Map<String, Node> fields = mapping(instance.getValue(), key);
        if (fields == null) {
            return;
        }
        unknownKeys(fields, INSTANCE_KEYS, key);
        Node ship = fields.get("ship");
        if (ship == null) {
            error(instance.getValue(), key + ".ship", "is missing: every instance runs on a ship");
        } else if (!ships.contains(scalar(ship))) {
            error(
                    ship,
                    key + ".ship",
                    "'" + scalar(ship) + "' is not one of the ships (" + String.join(", ", ships) + ")");
        }
        Node image = fields.get("image");
        if (image != null) {
            image(image, key + ".image", service, instance.getKey());
        }
    }

    private void image(Node node, String key, String service, String instance) {
        String written = scalar(node);
        ImageReference reference = null;
        try {
            reference = ImageReference.parse(written);
        } catch (InvalidInputException e) {
            error(node, key, e.getMessage());
        }
        images.add(new ValidationReport.ImageUse(service, instance, written, reference, SafeYaml.line(node)));
    }

    /** Maestro's dependency ordering recurses without end on a cycle of requires. */
    private void cycle(Map<String, List<String>> requires, Node where) {
        Map<String, Integer> state = new LinkedHashMap<>(); // 1 = on the path, 2 = done
        for (String start : requires.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, requires, state, path)) {
                error(where, "services", "dependency cycle through requires: " + String.join(" -> ", path));
                return;
            }
        }
    }

    private static boolean visit(
            String service, Map<String, List<String>> requires, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(service);
        if (s != null && s == 2) {
            return false;
        }
        path.add(service);
        if (s != null && s == 1) {
            path.subList(0, path.indexOf(service)).clear();
            return true;
        }
        state.put(service, 1);
        for (String next : requires.getOrDefault(service, List.of())) {
            if (visit(next, requires, state, path)) {
                return true;
            }
        }
        state.put(service, 2);
        path.remove(path.size() - 1);
        return false;
    }

    private void unknownKeys(Map<String, Node> fields, Set<String> known, String key) {
        for (Map.Entry<String, Node> field : fields.entrySet()) {
            if (!known.contains(field.getKey())) {
                warnings.add(new ValidationReport.Problem(
                        file,
                        SafeYaml.line(field.getValue()),
                        key + "." + field.getKey(),
                        "is not a key Maestro knows, so it ignores it silently; a typo?"));
            }
        }
    }

    /** A mapping's entries by key, or null (with an error) when the node is not a mapping. */
    private Map<String, Node> mapping(Node node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, key, "must be a mapping");
            return null;
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            entries.put(scalar(tuple.getKeyNode()), tuple.getValueNode());
            keyOf.put(tuple.getValueNode(), tuple.getKeyNode());
        }
        return entries;
    }

    private List<String> names(Node node, String key) {
        if (node instanceof ScalarNode) {
            return List.of(scalar(node));
        }
        if (!(node instanceof SequenceNode sequence)) {
            error(node, key, "must be a list of service names");
            return List.of();
        }
        return sequence.getValue().stream().map(MaestroValidator::scalar).toList();
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : String.valueOf(node.getNodeId());
    }

    private void error(Node node, String key, String message) {
        // "is missing" is about the mapping that lacks the key: point at that mapping's own key line
        Node at = message.startsWith("is missing") || message.startsWith("is empty")
                ? keyOf.getOrDefault(node, node)
                : node;
        errors.add(new ValidationReport.Problem(file, SafeYaml.line(at), key, message));
    }
}
