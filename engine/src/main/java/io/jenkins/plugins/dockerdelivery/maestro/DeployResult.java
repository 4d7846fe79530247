package io.jenkins.plugins.dockerdelivery.maestro;

import java.util.List;

/**
 * How a deploy ended: success only when every Maestro command exited 0 <em>and</em> every instance
 * reached the intended state (and, with a settle time, was still running after it).
 *
 * @param commands the remote commands that ran, in order, one per exec channel
 * @param exitCode the exit status of the last command that ran
 * @param instances each instance: before, after, and what changed
 * @param message one line for the user: what happened, naming failed instances and why
 * @param errors Maestro's own messages ({@code ERROR:} lines, the exception that ended a traceback)
 */
public record DeployResult(
        boolean success,
        List<String> commands,
        int exitCode,
        List<InstanceResult> instances,
        String message,
        List<String> errors) {
    public DeployResult {
        commands = List.copyOf(commands);
        instances = List.copyOf(instances);
        errors = List.copyOf(errors);
    }

    /**
     * One instance.
     *
     * @param before its container before the deploy ({@code tag:id}, {@code tag:-} when it had none)
     * @param container its container after the deploy ({@code tag:id})
     * @param status Maestro's last word on it ({@code started}, {@code up to date}, ...), or {@code not
     *     attempted}
     * @param change what happened to it, for a person: {@code restarted: image 1 → 2, container
     *     43e19d7 → 9a1b2c3}, {@code up to date}, {@code not attempted: ...}
     * @param ok whether it is where the deploy meant it to be
     */
    public record InstanceResult(
            String name,
            String service,
            String ship,
            String before,
            String container,
            String status,
            String change,
            boolean ok) {}

    /** A table for a terminal or a build log. */
    public String table() {
        int name = Math.max(
                8, instances.stream().mapToInt(i -> i.name().length()).max().orElse(0));
        int service = Math.max(
                7, instances.stream().mapToInt(i -> i.service().length()).max().orElse(0));
        String format = "%-" + name + "s  %-" + service + "s  %s  %s%n";
        StringBuilder out = new StringBuilder(String.format(format, "INSTANCE", "SERVICE", "  ", "WHAT HAPPENED"));
        for (InstanceResult i : instances) {
            out.append(String.format(format, i.name(), i.service(), i.ok() ? "ok" : "!!", i.change()));
        }
        return out.toString();
    }
}
