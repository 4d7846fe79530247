package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.yaml.SafeYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
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
 * Checks a maestro.yaml before a deploy the way Maestro-NG 0.8.3 loads it ({@code maestro/loader.py},
 * {@code maestro.py} Conductor, {@code entities.py}, {@code lifecycle.py}, {@code audit.py}): render
 * the Jinja2 template with the given environment, read the YAML safely (no tags, duplicate keys
 * refused, aliases bounded), then refuse what Maestro refuses when it reads the file (an error here is
 * a file Maestro stops on, most often with a Python traceback) and warn about what it silently
 * ignores. What Maestro only finds out on the host (env files, TLS files, whether a ship answers) is
 * not checked; an image reference Docker cannot pull is an error here although Maestro loads it.
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
    private static final List<String> RESTART_POLICIES = List.of("no", "always", "on-failure", "unless-stopped");
    private static final List<String> LOG_DRIVERS =
            List.of("json-file", "syslog", "journald", "gelf", "fluentd", "none");
    private static final Set<String> LIFECYCLE_STATES = Set.of("pre-start", "running", "pre-stop", "stopped");
    private static final Map<String, List<String>> AUDITORS = Map.of(
            "_fail", List.of(),
            "hipchat", List.of("room", "token"),
            "slack", List.of("channel", "token"),
            "log", List.of("file"),
            "http", List.of("endpoint"),
            "exec", List.of("script"));

    private final String file;
    private final List<ValidationReport.Problem> errors = new ArrayList<>();
    private final List<ValidationReport.Problem> warnings = new ArrayList<>();
    private final List<ValidationReport.ImageUse> images = new ArrayList<>();
    /** Each mapping value's key node: a missing field is reported on the line of the key that lacks it. */
    private final Map<Node, Node> keyOf = new IdentityHashMap<>();

    private int schema = 1;
    private Map<String, Node> ships = new LinkedHashMap<>();
    /** instance name → (service, ship, bind targets) for volumes_from */
    private final Map<String, Instance> instances = new LinkedHashMap<>();

    private record Instance(String service, String ship, Node node, Map<String, Node> fields) {}

    private MaestroValidator(String file) {
        this.file = file;
    }

    /**
     * @param includeRoot the directory {@code {% include %}} may read from, or null for none
     * @throws InvalidInputException when the file cannot be rendered or read as YAML at all
     */
    public static ValidationReport validate(String file, String text, Map<String, String> env, Path includeRoot) {
        if (text.length() > MAX_CHARACTERS) {
            throw new InvalidInputException(
                    file + ": the file has " + text.length() + " characters; an environment file has a few"
                            + " thousand, and this reader stops at " + MAX_CHARACTERS + ". Is it the right file?");
        }
        String rendered;
        try {
            rendered = MaestroTemplate.render(file, text, env, includeRoot);
        } catch (MaestroTemplate.NotEvaluated e) {
            return ValidationReport.notChecked(file, e.getMessage());
        }
        Node root = SafeYaml.compose(file, rendered, (int) Math.min(Integer.MAX_VALUE, MaestroTemplate.MAX_OUTPUT));
        MaestroValidator validator = new MaestroValidator(file);
        validator.check(root);
        return new ValidationReport(file, validator.errors, validator.warnings, validator.images, null);
    }

    // ---- the document

    private void check(Node root) {
        if (root == null || Yaml.isNull(root)) {
            errors.add(new ValidationReport.Problem(
                    file, 1, "(document)", "is empty: Maestro needs name, ships and services"));
            return;
        }
        if (!(root instanceof MappingNode)) {
            error(root, "(document)", "must be a mapping with name, ships and services");
            return;
        }
        Map<String, Node> top = mapping(root, "(document)");
        Node maestro = top.get("__maestro");
        if (maestro != null) {
            if (!Yaml.isMapping(maestro)) {
                error(maestro, "__maestro", "must be a mapping, like {schema: 2}");
            } else {
                Node s = Yaml.entries(maestro).get("schema");
                schema = s != null && Yaml.isInt(s) && Yaml.text(s).equals("1") ? 1 : s == null ? 1 : 2;
            }
        }
        Node name = top.get("name");
        if (name == null) {
            errorAtKey(root, "name", "is missing: Maestro needs the environment's name");
        } else if (!Yaml.isString(name) || Yaml.text(name).isBlank()) {
            warn(
                    name,
                    "name",
                    "is not a name (" + describe(name) + "): Maestro accepts it, and every container"
                            + " gets MAESTRO_ENVIRONMENT_NAME=" + (Yaml.isNull(name) ? "None" : Yaml.shown(name)));
        }
        Node provider = top.get("ship_provider");
        if (provider != null && !Yaml.text(provider).equals("static")) {
            error(
                    provider,
                    "ship_provider",
                    "'" + Yaml.shown(provider) + "' is not a ship provider: Maestro knows" + " only static");
        }
        ships(root, top.get("ships"), top.get("ship_defaults"));
        services(root, top.get("services"));
        audit(top.get("audit"));
    }

    private void ships(Node root, Node node, Node defaults) {
        if (node == null) {
            errorAtKey(root, "ships", "is missing: Maestro needs at least one ship (Docker host)");
            return;
        }
        Map<String, Node> byName = mapping(node, "ships");
        if (byName == null) {
            return;
        }
        Map<String, Node> shared = Map.of();
        if (defaults != null && !byName.isEmpty()) {
            if (!Yaml.isMapping(defaults)) {
                error(defaults, "ship_defaults", "must be a mapping of ship settings");
            } else {
                shared = Yaml.entries(defaults);
            }
        }
        for (Map.Entry<String, Node> ship : byName.entrySet()) {
            String key = "ships." + ship.getKey();
            Map<String, Node> fields = mapping(ship.getValue(), key);
            if (fields == null) {
                continue;
            }
            ships.put(ship.getKey(), ship.getValue());
            if (!fields.containsKey("ip")) {
                errorAtKey(
                        ship.getValue(), key + ".ip", "is missing: every ship needs the address Maestro checks it at");
            }
            Node port = fields.getOrDefault("docker_port", shared.get("docker_port"));
            if (Yaml.truthy(port) && !Yaml.intConvertible(port)) {
                error(port, key + ".docker_port", "'" + Yaml.shown(port) + "' is not a port number");
            }
            Node tunnel = fields.getOrDefault("ssh_tunnel", shared.get("ssh_tunnel"));
            if (Yaml.truthy(tunnel)) {
                Map<String, Node> t = Yaml.entries(tunnel);
                for (String required : List.of("user", "key")) {
                    if (!Yaml.isMapping(tunnel) || !t.containsKey(required)) {
                        error(tunnel, key + ".ssh_tunnel." + required, "is missing: an SSH tunnel needs user and key");
                    }
                }
            }
        }
    }

    private void services(Node root, Node node) {
        if (node == null) {
            warnAt(root, "services", "is missing: Maestro accepts the file, and there is nothing to deploy");
            return;
        }
        Map<String, Node> services = mapping(node, "services");
        if (services == null) {
            return;
        }
        Map<String, List<String>> requires = new LinkedHashMap<>();
        for (Map.Entry<String, Node> service : services.entrySet()) {
            service(service.getKey(), service.getValue());
        }
        for (Map.Entry<String, Node> service : services.entrySet()) {
            Map<String, Node> fields = Yaml.entries(service.getValue());
            String key = "services." + service.getKey();
            for (String dependency : List.of("requires", "wants_info")) {
                Node targets = fields.get(dependency);
                List<String> named = targets == null ? List.of() : dependencies(targets, key + "." + dependency);
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
                    requires.put(service.getKey(), new ArrayList<>(named));
                }
            }
        }
        volumesFrom(requires);
        cycle(requires, node);
    }

    private void service(String name, Node node) {
        String key = "services." + name;
        Map<String, Node> fields = mapping(node, key);
        if (fields == null) {
            return;
        }
        unknownKeys(fields, SERVICE_KEYS, key);
        Node image = fields.get("image");
        if (image == null) {
            errorAtKey(node, key + ".image", "is missing: every service needs its image");
        }
        environment(fields, key);
        Node lifecycle = fields.get("lifecycle");
        if (Yaml.truthy(lifecycle) && !Yaml.isMapping(lifecycle)) {
            error(lifecycle, key + ".lifecycle", "must be a mapping of states to lists of checks");
        }
        for (String part : List.of("limits", "ports")) {
            Node value = fields.get(part);
            if (Yaml.truthy(value) && !Yaml.isMapping(value)) {
                error(value, key + "." + part, "must be a mapping");
            }
        }
        Node instancesNode = fields.get("instances");
        if (instancesNode == null) {
            errorAtKey(node, key + ".instances", "is missing: every service needs its instances");
            return;
        }
        Map<String, Node> byName = mapping(instancesNode, key + ".instances");
        if (byName == null) {
            return;
        }
        if (byName.isEmpty()) {
            warn(
                    instancesNode,
                    key + ".instances",
                    "is empty: Maestro accepts it, and nothing of " + name + " is deployed");
        }
        if (image != null && !byName.isEmpty()) {
            image(image, key + ".image", name, null);
        }
        Map<String, Integer> servicePortUses = new LinkedHashMap<>();
        for (Map.Entry<String, Node> instance : byName.entrySet()) {
            instance(name, fields, instance, key + ".instances." + instance.getKey(), servicePortUses);
        }
    }

    private void environment(Map<String, Node> fields, String key) {
        for (String part : List.of("env", "envfile")) {
            Node value = fields.get(part);
            if (value != null
                    && Yaml.truthy(value)
                    && !(Yaml.isMapping(value) || Yaml.isList(value) || Yaml.isString(value))) {
                error(value, key + "." + part, "must be a mapping, a list or a file name, not " + describe(value));
            }
        }
    }

    // ---- instances

    private void instance(
            String service,
            Map<String, Node> serviceFields,
            Map.Entry<String, Node> entry,
            String key,
            Map<String, Integer> servicePortUses) {
        String name = entry.getKey();
        Node node = entry.getValue();
        Instance previous = instances.get(name);
        if (previous != null) {
            error(
                    node,
                    key,
                    "the instance name '" + name + "' is also used by service '" + previous.service()
                            + "': instance names are container names and must be unique");
        }
        Map<String, Node> fields;
        if (Yaml.isNull(node)) {
            fields = Map.of();
        } else {
            fields = mapping(node, key);
            if (fields == null) {
                return;
            }
        }
        unknownKeys(fields, INSTANCE_KEYS, key);
        Node ship = fields.get("ship");
        if (ship == null) {
            errorAtKey(node, key + ".ship", "is missing: every instance runs on a ship");
        } else if (!ships.containsKey(Yaml.text(ship)) || !(ship instanceof ScalarNode)) {
            error(
                    ship,
                    key + ".ship",
                    "'" + Yaml.shown(ship) + "' is not one of the ships ("
                            + String.join(", ", new TreeSet<>(ships.keySet())) + ")");
        }
        if (previous == null) {
            instances.put(name, new Instance(service, ship == null ? null : Yaml.text(ship), node, fields));
        }
        Node image = fields.get("image");
        if (image != null) {
            image(image, key + ".image", service, name);
        }
        environment(fields, key);
        Map<String, String> ports = ports(serviceFields, fields, key, servicePortUses);
        volumes(fields, key);
        for (String part : List.of("links", "limits", "ports", "volumes", "lifecycle")) {
            Node value = fields.get(part);
            if (value != null && !Yaml.isMapping(value)) {
                error(value, key + "." + part, "must be a mapping, not " + describe(value));
            }
        }
        for (String part : List.of("limits", "ports")) {
            Node bad = Yaml.firstNonStringKey(fields.get(part));
            if (bad != null) {
                error(bad, key + "." + part, "the key " + Yaml.shown(bad) + " is not a string: quote it");
            }
        }
        extraHosts(fields.get("extra_hosts"), key);
        restart(fields.get("restart"), key);
        limits(serviceFields.get("limits"), fields.get("limits"), key);
        logging(fields, key);
        Node securityOpt = fields.get("security_opt");
        if (securityOpt != null && !Yaml.isNull(securityOpt) && !Yaml.isList(securityOpt)) {
            error(securityOpt, key + ".security_opt", "must be a list");
        }
        ulimits(fields.get("ulimits"), key);
        Node labels = fields.get("labels");
        if (labels != null && !Yaml.isNull(labels) && !Yaml.isList(labels) && !Yaml.isMapping(labels)) {
            error(labels, key + ".labels", "must be a list or a mapping");
        }
        lifecycle(serviceFields.get("lifecycle"), fields.get("lifecycle"), ports, key);
    }

    private void image(Node node, String key, String service, String instance) {
        if (!Yaml.isString(node)) {
            error(node, key, "must be an image name, not " + describe(node));
            return;
        }
        String written = Yaml.text(node);
        ImageReference reference = null;
        try {
            reference = ImageReference.parse(written);
        } catch (InvalidInputException e) {
            error(node, key, e.getMessage() + " Maestro loads it, but Docker cannot pull it.");
        }
        images.add(new ValidationReport.ImageUse(service, instance, written, reference, SafeYaml.line(node)));
    }

    /**
     * The instance's ports, service ports first (Container._parse_ports), by name → "number/protocol" of
     * the external side. A service-level {exposed, external} mapping is rewritten in place by Maestro,
     * so the second instance that uses it fails: that is refused too.
     */
    private Map<String, String> ports(
            Map<String, Node> serviceFields, Map<String, Node> fields, String key, Map<String, Integer> serviceUses) {
        Map<String, Node> merged = new LinkedHashMap<>();
        Node servicePorts = serviceFields.get("ports");
        Node instancePorts = fields.get("ports");
        Map<String, Node> fromService = Yaml.entries(servicePorts);
        merged.putAll(fromService);
        merged.putAll(Yaml.entries(instancePorts));
        Map<String, Node> instanceOwn = Yaml.entries(instancePorts);
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, Node> port : merged.entrySet()) {
            Node spec = port.getValue();
            String where = key + ".ports." + port.getKey();
            if (!instanceOwn.containsKey(port.getKey()) && Yaml.isMapping(spec)) {
                int uses = serviceUses.merge(port.getKey(), 1, Integer::sum);
                if (uses > 1) {
                    error(
                            spec,
                            where,
                            "Maestro-NG 0.8.3 rewrites a service-level {exposed, external} port in place"
                                    + " and fails on the second instance that uses it: give each instance its own, or write"
                                    + " it as \"external:exposed\"");
                    continue;
                }
            }
            String external = port(spec, where);
            if (external != null) {
                result.put(port.getKey(), external);
            }
        }
        return result;
    }

    /** One port spec; the external side as "N/proto", or null when invalid (reported). */
    private String port(Node spec, String key) {
        if (Yaml.isInt(spec)) {
            return portSpec(spec, Yaml.text(spec), key);
        }
        if (Yaml.isString(spec)) {
            String[] parts = Yaml.text(spec).split(":", -1);
            if (parts.length > 2) {
                error(spec, key, "'" + Yaml.text(spec) + "' is not a port spec: write \"exposed:external\"");
                return null;
            }
            String exposed = portSpec(spec, parts[0], key);
            String external = parts.length == 2 ? portSpec(spec, parts[1], key) : exposed;
            if (exposed == null || external == null) {
                return null;
            }
            if (!exposed.substring(exposed.length() - 4).equals(external.substring(external.length() - 4))) {
                error(spec, key, "mismatched protocols between " + exposed + " and " + external);
                return null;
            }
            return external;
        }
        if (Yaml.isMapping(spec)) {
            Map<String, Node> f = Yaml.entries(spec);
            Node exposed = f.get("exposed");
            Node external = f.get("external");
            if (exposed != null && external != null) {
                if (!(Yaml.isInt(exposed) || Yaml.isString(exposed))
                        || portSpec(exposed, Yaml.text(exposed), key) == null) {
                    if (!(Yaml.isInt(exposed) || Yaml.isString(exposed))) {
                        error(exposed, key + ".exposed", "must be a port number");
                    }
                    return null;
                }
                Node port = external;
                if (Yaml.isList(external)) {
                    List<Node> items = ((SequenceNode) external).getValue();
                    if (items.size() < 2) {
                        error(external, key + ".external", "must be [bind address, port]");
                        return null;
                    }
                    port = items.get(1);
                }
                if (!(Yaml.isInt(port) || Yaml.isString(port))) {
                    error(port, key + ".external", "must be a port number");
                    return null;
                }
                return portSpec(port, Yaml.text(port), key);
            }
        }
        error(
                spec,
                key,
                "'" + Yaml.shown(spec) + "' is not a port spec: a number, \"exposed:external\", or"
                        + " {exposed, external}");
        return null;
    }

    private static final java.util.regex.Pattern PORT = java.util.regex.Pattern.compile("(\\d+)(-\\d+)?(/(tcp|udp))?");

    private String portSpec(Node at, String text, String key) {
        java.util.regex.Matcher m = PORT.matcher(text);
        if (!m.matches()) {
            error(
                    at,
                    key,
                    "invalid port specification " + text + ": Maestro expects <port>, <p1>-<p2> or"
                            + " <port>/{tcp,udp}");
            return null;
        }
        return m.group(1) + (m.group(2) == null ? "" : m.group(2)) + "/" + (m.group(4) == null ? "tcp" : m.group(4));
    }

    private void volumes(Map<String, Node> fields, String key) {
        Node volumes = fields.get("volumes");
        Set<String> binds = new TreeSet<>();
        if (Yaml.isMapping(volumes)) {
            if (schema == 1 && !((MappingNode) volumes).getValue().isEmpty()) {
                warn(
                        volumes,
                        key + ".volumes",
                        "without __maestro: {schema: 2}, Maestro reads volumes as" + " container: host (schema 1)");
            }
            for (NodeTuple t : ((MappingNode) volumes).getValue()) {
                Node spec = t.getValueNode();
                if (schema == 1) {
                    binds.add(Yaml.text(t.getKeyNode()));
                } else if (Yaml.isString(spec)) {
                    binds.add(Yaml.text(spec));
                } else if (Yaml.isMapping(spec) && Yaml.entries(spec).containsKey("target")) {
                    binds.add(Yaml.text(Yaml.entries(spec).get("target")));
                } else {
                    error(
                            spec,
                            key + ".volumes." + Yaml.text(t.getKeyNode()),
                            "must be a container path or" + " {target, mode}");
                }
            }
        }
        Node containerVolumes = fields.get("container_volumes");
        if (containerVolumes != null) {
            List<Node> items = Yaml.isList(containerVolumes)
                    ? ((SequenceNode) containerVolumes).getValue()
                    : List.of(containerVolumes);
            for (Node item : items) {
                if (item instanceof ScalarNode && binds.contains(Yaml.text(item))) {
                    error(
                            item,
                            key + ".container_volumes",
                            "conflicts with the bind-mounted volume on " + Yaml.text(item));
                }
            }
        }
    }

    private void extraHosts(Node hosts, String key) {
        if (!Yaml.truthy(hosts)) {
            return;
        }
        if (!Yaml.isMapping(hosts)) {
            error(hosts, key + ".extra_hosts", "must be a mapping of host names to addresses or {ship: NAME}");
            return;
        }
        for (Map.Entry<String, Node> host : Yaml.entries(hosts).entrySet()) {
            if (Yaml.isMapping(host.getValue())) {
                Node ship = Yaml.entries(host.getValue()).get("ship");
                if (ship == null || !ships.containsKey(Yaml.text(ship))) {
                    error(host.getValue(), key + ".extra_hosts." + host.getKey(), "names no ship of this file");
                }
            }
        }
    }

    private void restart(Node restart, String key) {
        if (restart == null) {
            return;
        }
        String where = key + ".restart";
        if (Yaml.isString(restart)) {
            String[] parts = Yaml.text(restart).split(":", 2);
            if (!RESTART_POLICIES.contains(parts[0])) {
                error(
                        restart,
                        where,
                        "'" + parts[0] + "' is not a restart policy: choose one of "
                                + String.join(", ", RESTART_POLICIES));
            } else if (parts.length == 2 && !parts[1].strip().matches("[-+]?\\d(_?\\d)*")) {
                error(restart, where, "'" + parts[1] + "' is not a number of retries");
            }
        } else if (Yaml.isMapping(restart)) {
            Map<String, Node> f = Yaml.entries(restart);
            for (String field : f.keySet()) {
                if (!field.equals("name") && !field.equals("retries")) {
                    error(
                            restart,
                            where,
                            "has '" + field + "': Maestro accepts only {name, retries} (the"
                                    + " documentation's maximum_retry_count is refused)");
                    return;
                }
            }
            Node name = f.get("name");
            if (name != null && !(Yaml.isString(name) && RESTART_POLICIES.contains(Yaml.text(name)))) {
                error(
                        name,
                        where + ".name",
                        "'" + Yaml.shown(name) + "' is not a restart policy: choose one of "
                                + String.join(", ", RESTART_POLICIES));
            }
            Node retries = f.get("retries");
            if (retries != null && !Yaml.intConvertible(retries)) {
                error(retries, where + ".retries", "'" + Yaml.shown(retries) + "' is not a number");
            }
        }
        // any other value: Maestro silently uses the default policy (no restart)
    }

    private void limits(Node serviceLimits, Node instanceLimits, String key) {
        Map<String, Node> merged = new LinkedHashMap<>(Yaml.entries(serviceLimits));
        merged.putAll(Yaml.entries(instanceLimits));
        for (String field : List.of("memory", "swap")) {
            Node value = merged.get(field);
            if (value == null || !Yaml.truthy(value)) {
                continue;
            }
            if (Yaml.isString(value)) {
                String s = Yaml.text(value);
                char suffix = Character.toLowerCase(s.charAt(s.length() - 1));
                boolean ok = "kmg".indexOf(suffix) >= 0
                        ? s.substring(0, s.length() - 1).strip().matches("[-+]?\\d(_?\\d)*")
                        : s.chars().allMatch(Character::isDigit);
                if (!ok) {
                    error(
                            value,
                            key + ".limits." + field,
                            "'" + s + "' is not a size: a number of bytes, or one" + " followed by k, m or g");
                }
            } else if (!(Yaml.isInt(value) || Yaml.isFloat(value) || Yaml.isBool(value))) {
                error(value, key + ".limits." + field, "must be a size, like 512m");
            }
        }
    }

    private void logging(Map<String, Node> fields, String key) {
        Node driver = fields.get("log_driver");
        Node options = fields.get("log_opt");
        if (!Yaml.truthy(driver)) {
            if (Yaml.truthy(options)) {
                warn(options, key + ".log_opt", "is ignored by Maestro without a log_driver");
            }
            return;
        }
        if (!LOG_DRIVERS.contains(Yaml.text(driver)) || !(driver instanceof ScalarNode)) {
            error(
                    driver,
                    key + ".log_driver",
                    "'" + Yaml.shown(driver) + "' is not a log driver Maestro accepts: "
                            + String.join(", ", LOG_DRIVERS));
        }
        if (Yaml.truthy(options) && !Yaml.isMapping(options)) {
            error(options, key + ".log_opt", "must be a mapping of log driver options");
        }
    }

    private void ulimits(Node ulimits, String key) {
        if (ulimits == null || Yaml.isNull(ulimits)) {
            return;
        }
        if (!Yaml.isMapping(ulimits)) {
            error(ulimits, key + ".ulimits", "must be a mapping of limits");
            return;
        }
        for (Map.Entry<String, Node> limit : Yaml.entries(ulimits).entrySet()) {
            if (Yaml.isMapping(limit.getValue())) {
                for (String side : List.of("soft", "hard")) {
                    Node v = Yaml.entries(limit.getValue()).get(side);
                    if (v != null && Yaml.truthy(v) && !Yaml.isInt(v)) {
                        error(v, key + ".ulimits." + limit.getKey() + "." + side, "must be an integer");
                    }
                }
            }
        }
    }

    // ---- lifecycle checks (lifecycle.py)

    private void lifecycle(Node serviceLifecycle, Node instanceLifecycle, Map<String, String> ports, String key) {
        Map<String, List<Node>> states = new LinkedHashMap<>();
        Map<String, Node> where = new LinkedHashMap<>();
        for (Node source : new Node[] {serviceLifecycle, instanceLifecycle}) {
            if (!Yaml.isMapping(source)) {
                continue;
            }
            for (Map.Entry<String, Node> state : Yaml.entries(source).entrySet()) {
                where.putIfAbsent(state.getKey(), state.getValue());
                if (!Yaml.isList(state.getValue())) {
                    error(state.getValue(), key + ".lifecycle." + state.getKey(), "must be a list of checks");
                    states.put(state.getKey(), null);
                    continue;
                }
                if (states.containsKey(state.getKey()) && states.get(state.getKey()) == null) {
                    continue;
                }
                states.computeIfAbsent(state.getKey(), s -> new ArrayList<>())
                        .addAll(((SequenceNode) state.getValue()).getValue());
            }
        }
        for (Map.Entry<String, List<Node>> state : states.entrySet()) {
            if (!LIFECYCLE_STATES.contains(state.getKey())) {
                warn(
                        where.get(state.getKey()),
                        key + ".lifecycle." + state.getKey(),
                        "is not a state Maestro runs" + " checks in ("
                                + String.join(", ", new TreeSet<>(LIFECYCLE_STATES)) + "): never run");
            }
            if (state.getValue() == null) {
                continue;
            }
            for (Node check : state.getValue()) {
                check(check, ports, key + ".lifecycle." + state.getKey());
            }
        }
    }

    private void check(Node check, Map<String, String> ports, String key) {
        if (!Yaml.isMapping(check)) {
            error(check, key, "a check must be a mapping with a type");
            return;
        }
        Map<String, Node> f = Yaml.entries(check);
        Node type = f.get("type");
        if (type == null) {
            error(check, key, "a check needs a type (tcp, http, exec, rexec or sleep)");
            return;
        }
        String t = Yaml.text(type);
        switch (t) {
            case "tcp" -> {
                String external = namedPort(check, f, ports, key, false);
                if (external != null && external.endsWith("/udp")) {
                    error(f.get("port"), key, "port " + Yaml.text(f.get("port")) + " is not TCP");
                }
                attempts(f.get("max_wait"), key + ".max_wait");
            }
            case "http" -> {
                String external = namedPort(check, f, ports, key, true);
                if (external != null && external.endsWith("/udp")) {
                    error(f.get("port"), key, "port " + Yaml.text(f.get("port")) + " is not TCP");
                }
                for (String field : f.keySet()) {
                    if (!Set.of(
                                    "type",
                                    "port",
                                    "host",
                                    "match_regex",
                                    "path",
                                    "scheme",
                                    "method",
                                    "max_wait",
                                    "requests_options")
                            .contains(field)) {
                        error(
                                f.get(field),
                                key + "." + field,
                                "is not an option of an http check (host, path,"
                                        + " scheme, method, match_regex, max_wait, requests_options)");
                    }
                }
                for (String field : List.of("path", "method")) {
                    if (f.containsKey(field) && !Yaml.isString(f.get(field))) {
                        error(f.get(field), key + "." + field, "must be a string");
                    }
                }
                Node regex = f.get("match_regex");
                if (regex != null && Yaml.truthy(regex)) {
                    try {
                        java.util.regex.Pattern.compile(Yaml.text(regex));
                    } catch (java.util.regex.PatternSyntaxException e) {
                        error(regex, key + ".match_regex", "is not a valid regular expression: " + e.getDescription());
                    }
                }
                if (f.containsKey("max_wait") && !Yaml.intConvertible(f.get("max_wait"))) {
                    error(f.get("max_wait"), key + ".max_wait", "must be a number of seconds");
                }
            }
            case "exec", "rexec" -> {
                Node command = f.get("command");
                if (command == null) {
                    error(check, key, "an " + t + " check needs its command (the documentation's cmd: is not read)");
                } else if (!Yaml.isString(command)) {
                    error(command, key + ".command", "must be a command line (a string)");
                } else {
                    String problem = ShellWords.problem(Yaml.text(command));
                    if (problem != null) {
                        error(command, key + ".command", "cannot be split into words: " + problem);
                    }
                }
                attempts(f.get("attempts"), key + ".attempts");
            }
            case "sleep" -> {
                if (!f.containsKey("wait")) {
                    error(check, key, "a sleep check needs wait (seconds)");
                }
            }
            default -> error(type, key + ".type", "'" + t + "' is not a check type: tcp, http, exec, rexec or sleep");
        }
    }

    /** The check's port: a named port of the instance (or for http a number); its external side. */
    private String namedPort(Node check, Map<String, Node> f, Map<String, String> ports, String key, boolean numberOk) {
        Node port = f.get("port");
        if (port == null) {
            error(check, key, "a " + Yaml.text(f.get("type")) + " check needs the port it checks");
            return null;
        }
        String name = Yaml.text(port);
        if (ports.containsKey(name) && port instanceof ScalarNode) {
            return ports.get(name);
        }
        if (numberOk && Yaml.intConvertible(port)) {
            return null;
        }
        error(
                port,
                key + ".port",
                "'" + Yaml.shown(port) + "' is not a port of this instance ("
                        + (ports.isEmpty() ? "it has none" : String.join(", ", ports.keySet())) + ")"
                        + (numberOk ? ", nor a port number" : ": a tcp check names a port of ports:"));
        return null;
    }

    private void attempts(Node value, String key) {
        if (value != null && Yaml.truthy(value) && !Yaml.intConvertible(value)) {
            error(value, key, "must be a number");
        }
    }

    // ---- across services

    private List<String> dependencies(Node node, String key) {
        if (Yaml.isList(node)) {
            List<String> names = new ArrayList<>();
            for (Node item : ((SequenceNode) node).getValue()) {
                names.add(Yaml.text(item));
            }
            return names;
        }
        if (Yaml.isString(node)) {
            List<String> characters = new ArrayList<>();
            Yaml.text(node).codePoints().forEach(c -> characters.add(new String(Character.toChars(c))));
            if (!(characters.size() == 1)) {
                error(
                        node,
                        key,
                        "must be a list ([" + Yaml.text(node) + "]): Maestro reads a string character by"
                                + " character");
                return List.of();
            }
            return characters;
        }
        error(node, key, "must be a list of service names");
        return List.of();
    }

    /** volumes_from names an instance on the same ship, and makes its service a dependency. */
    private void volumesFrom(Map<String, List<String>> requires) {
        for (Map.Entry<String, Instance> e : instances.entrySet()) {
            Node from = e.getValue().fields().get("volumes_from");
            if (from == null) {
                continue;
            }
            List<Node> items = Yaml.isList(from) ? ((SequenceNode) from).getValue() : List.of(from);
            for (Node item : items) {
                Instance other = instances.get(Yaml.text(item));
                if (other == null) {
                    error(item, "volumes_from of " + e.getKey(), "'" + Yaml.shown(item) + "' is not an instance");
                } else if (other.ship() != null
                        && !other.ship().equals(e.getValue().ship())) {
                    error(
                            item,
                            "volumes_from of " + e.getKey(),
                            Yaml.text(item) + " and " + e.getKey() + " must be on the same ship");
                } else {
                    requires.computeIfAbsent(e.getValue().service(), s -> new ArrayList<>())
                            .add(other.service());
                }
            }
        }
    }

    private void audit(Node audit) {
        if (audit == null || !Yaml.truthy(audit)) {
            return;
        }
        if (!Yaml.isList(audit)) {
            error(audit, "audit", "must be a list of auditors");
            return;
        }
        for (Node auditor : ((SequenceNode) audit).getValue()) {
            Map<String, Node> f = Yaml.entries(auditor);
            Node type = f.get("type");
            if (!Yaml.isMapping(auditor) || type == null || !AUDITORS.containsKey(Yaml.text(type))) {
                error(auditor, "audit", "an auditor needs a type: log, http, exec, slack or hipchat");
                continue;
            }
            for (String required : AUDITORS.get(Yaml.text(type))) {
                if (!Yaml.truthy(f.get(required))) {
                    error(auditor, "audit." + Yaml.text(type), "needs " + required);
                }
            }
        }
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
        // iterative depth-first search: a long chain of requires cannot overflow the stack
        Integer s = state.get(service);
        if (s != null && s == 2) {
            return false;
        }
        java.util.Deque<java.util.Iterator<String>> stack = new java.util.ArrayDeque<>();
        path.add(service);
        state.put(service, 1);
        stack.push(requires.getOrDefault(service, List.of()).iterator());
        while (!stack.isEmpty()) {
            java.util.Iterator<String> next = stack.peek();
            if (!next.hasNext()) {
                stack.pop();
                state.put(path.remove(path.size() - 1), 2);
                continue;
            }
            String dependency = next.next();
            Integer d = state.get(dependency);
            if (d != null && d == 1) {
                path.subList(0, path.indexOf(dependency)).clear();
                path.add(dependency);
                return true;
            }
            if (d == null && requires.containsKey(dependency)) {
                path.add(dependency);
                state.put(dependency, 1);
                stack.push(requires.get(dependency).iterator());
            }
        }
        return false;
    }

    private void unknownKeys(Map<String, Node> fields, Set<String> known, String key) {
        for (Map.Entry<String, Node> field : fields.entrySet()) {
            if (!known.contains(field.getKey())) {
                warnings.add(new ValidationReport.Problem(
                        file,
                        SafeYaml.line(keyOf.getOrDefault(field.getValue(), field.getValue())),
                        key + "." + field.getKey(),
                        "is not a key Maestro knows, so it ignores it silently; a typo?"));
            }
        }
    }

    /** A mapping's entries by key, or null (with an error) when the node is not a mapping. */
    private Map<String, Node> mapping(Node node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, key, "must be a mapping, not " + describe(node));
            return null;
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            entries.put(Yaml.text(tuple.getKeyNode()), tuple.getValueNode());
            keyOf.put(tuple.getValueNode(), tuple.getKeyNode());
        }
        return entries;
    }

    private static String describe(Node node) {
        if (Yaml.isNull(node)) {
            return "empty";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        String type = node.getTag().getValue().replace("tag:yaml.org,2002:", "");
        return (type.equals("str") ? "the string '" : "the " + type + " '") + Yaml.text(node) + "'";
    }

    private void error(Node node, String key, String message) {
        errors.add(new ValidationReport.Problem(file, SafeYaml.line(node), key, message));
    }

    /** A missing field is about the mapping that lacks it: reported on that mapping's own key line. */
    private void errorAtKey(Node mapping, String key, String message) {
        errors.add(
                new ValidationReport.Problem(file, SafeYaml.line(keyOf.getOrDefault(mapping, mapping)), key, message));
    }

    private void warn(Node node, String key, String message) {
        warnings.add(new ValidationReport.Problem(file, SafeYaml.line(node), key, message));
    }

    private void warnAt(Node node, String key, String message) {
        warnings.add(new ValidationReport.Problem(file, SafeYaml.line(keyOf.getOrDefault(node, node)), key, message));
    }
}
