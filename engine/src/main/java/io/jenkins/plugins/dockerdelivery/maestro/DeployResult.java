package io.jenkins.plugins.dockerdelivery.maestro;

import java.util.List;

/**
 * How a deploy ended: success only when maestro exited 0 <em>and</em> every instance reached the
 * intended state.
 *
 * @param command the exact remote command line that ran
 * @param exitCode the remote exit status
 * @param instances each instance's final state, from the last Maestro command that printed a table
 * @param message one line for the user: what happened, naming failed instances
 * @param errors Maestro's own error lines
 */
public record DeployResult(
        boolean success,
        String command,
        int exitCode,
        List<InstanceResult> instances,
        String message,
        List<String> errors) {
    public DeployResult {
        instances = List.copyOf(instances);
        errors = List.copyOf(errors);
    }

    /** One instance: its final status and container ({@code tag:id}), and whether that is what was intended. */
    public record InstanceResult(
            String name, String service, String ship, String container, String status, boolean ok) {}

    /** A table for a terminal or a build log. */
    public String table() {
        int name = Math.max(
                8, instances.stream().mapToInt(i -> i.name().length()).max().orElse(0));
        int service = Math.max(
                7, instances.stream().mapToInt(i -> i.service().length()).max().orElse(0));
        int container = Math.max(
                9,
                instances.stream().mapToInt(i -> i.container().length()).max().orElse(0));
        String format = "%-" + name + "s  %-" + service + "s  %-" + container + "s  %s  %s%n";
        StringBuilder out =
                new StringBuilder(String.format(format, "INSTANCE", "SERVICE", "CONTAINER", "  ", "STATUS"));
        for (InstanceResult i : instances) {
            out.append(String.format(
                    format,
                    i.name(),
                    i.service(),
                    i.container().isEmpty() ? "-" : i.container(),
                    i.ok() ? "ok" : "!!",
                    i.status()));
        }
        return out.toString();
    }
}
