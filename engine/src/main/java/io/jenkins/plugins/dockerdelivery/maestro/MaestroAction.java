package io.jenkins.plugins.dockerdelivery.maestro;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Maestro command (its verb and flags) and the state it is meant to leave every selected instance
 * in. Maestro's exit code alone proves nothing: a restart whose pre-stop check fails exits 0.
 */
public record MaestroAction(String verb, List<String> flags) {
    private static final List<String> FAILURE_WORDS =
            List.of("failed", "did not start", "aborted", "host down", "error");

    public MaestroAction {
        flags = List.copyOf(flags);
    }

    /** From the words after {@code maestro}, such as {@code restart -a -c 1 --only-if-changed}. */
    public static MaestroAction parse(String arguments) {
        List<String> words = List.of(arguments.trim().split("\\s+"));
        return new MaestroAction(words.get(0).toLowerCase(Locale.ROOT), words.subList(1, words.size()));
    }

    /** Whether an instance whose final status is {@code status} reached what this action intends. */
    public boolean reached(String status) {
        String s = status.toLowerCase(Locale.ROOT);
        Set<String> intended = switch (verb) {
            case "start" -> Set.of("started", "up");
            case "restart" -> flags.contains("--only-if-changed") ? Set.of("started", "up to date") : Set.of("started");
            case "stop" -> Set.of("stopped");
            case "kill" -> Set.of("killed");
            case "status" -> Set.of("running");
            default -> null; // pull, clean ...: anything that is not a failure
        };
        return intended == null ? !isFailure(s) : intended.contains(s);
    }

    /** Words that mean an instance failed, whatever the command. */
    public static boolean isFailure(String status) {
        String s = status.toLowerCase(Locale.ROOT);
        return FAILURE_WORDS.stream().anyMatch(s::contains);
    }

    /** The reading of one run: ok only with exit code 0 and every instance where this action meant it to be. */
    public Verdict judge(int exitCode, java.util.Map<String, MaestroOutput.Instance> instances) {
        List<String> missed = instances.values().stream()
                .filter(i -> !reached(i.status()))
                .map(i -> i.name() + ": " + (i.status().isEmpty() ? "no final status" : i.status()))
                .toList();
        boolean ok = exitCode == 0 && !instances.isEmpty() && missed.isEmpty();
        return new Verdict(ok, missed);
    }

    /** @param missed the instances that did not reach the intended state, with their status */
    public record Verdict(boolean ok, List<String> missed) {}

    @Override
    public String toString() {
        return flags.isEmpty() ? verb : verb + " " + String.join(" ", flags);
    }
}
