package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.yaml.SafeYaml;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which services of a maestro.yaml have no {@code running} lifecycle check. For those, Maestro calls
 * an instance "started" as soon as Docker says it runs, even when it exits a moment later: only a
 * settle check ({@code maestro status} a while after) can tell.
 */
final class RunningChecks {
    private RunningChecks() {}

    /**
     * @param services the services deployed (as Maestro's table names them)
     * @return those without a running check on the service or on every one of its instances
     */
    static List<String> servicesWithout(
            String file, String text, Map<String, String> env, Collection<String> services) {
        Object root = SafeYaml.load(file, MaestroTemplate.render(file, text, env, null));
        List<String> without = new ArrayList<>();
        if (!(root instanceof Map<?, ?> top) || !(top.get("services") instanceof Map<?, ?> all)) {
            return without;
        }
        for (String name : services) {
            if (all.get(name) instanceof Map<?, ?> service && !covered(service)) {
                without.add(name);
            }
        }
        return without;
    }

    private static boolean covered(Map<?, ?> service) {
        if (hasRunning(service)) {
            return true;
        }
        if (!(service.get("instances") instanceof Map<?, ?> instances) || instances.isEmpty()) {
            return false;
        }
        return instances.values().stream().allMatch(i -> i instanceof Map<?, ?> m && hasRunning(m));
    }

    private static boolean hasRunning(Map<?, ?> owner) {
        return owner.get("lifecycle") instanceof Map<?, ?> lifecycle
                && lifecycle.get("running") instanceof List<?> checks
                && !checks.isEmpty();
    }
}
