package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.ssh.ShellQuote;
import java.util.ArrayList;
import java.util.List;

/**
 * The remote command of one Maestro invocation, every value quoted by {@link ShellQuote}:
 *
 * <pre>cd -- DIR || exit 96; export COLUMNS=200 VAR=...; exec maestro -f FILE VERB FLAGS -- NAMES</pre>
 *
 * Each invocation runs on its own exec channel, so that each has its own exit status and output.
 * {@code --} ends the options: a name can never become one. {@code COLUMNS=200} keeps instance
 * names whole in Maestro's table. Exit status 96 means the directory could not be entered; 127 that
 * the maestro executable was not found.
 */
public final class MaestroCommandLine {
    /** The exit status of the remote command when {@code cd DIR} failed. */
    static final int NO_DIRECTORY = 96;

    private MaestroCommandLine() {}

    /** One Maestro command: its verb, its options, the names it acts on. */
    record Invocation(String verb, List<String> flags, List<String> names) {
        Invocation {
            flags = List.copyOf(flags);
            names = List.copyOf(names);
        }

        /** As maestro is called: {@code restart -c 1 --only-if-changed -- web-1 web-2}. */
        String arguments() {
            List<String> words = new ArrayList<>();
            words.add(verb);
            words.addAll(flags);
            if (!names.isEmpty()) {
                words.add("--");
                words.addAll(names);
            }
            return ShellQuote.join(words);
        }

        /** What the verdict on this invocation's table is judged by. */
        MaestroAction action() {
            return new MaestroAction(verb, flags);
        }
    }

    static String command(MaestroDeployRequest r, Invocation invocation) {
        StringBuilder export = new StringBuilder("export COLUMNS=200");
        r.environment()
                .forEach((k, v) -> export.append(' ').append(k).append('=').append(ShellQuote.quote(v)));
        List<String> maestro = new ArrayList<>();
        maestro.add(r.maestro());
        if (r.file() != null) {
            maestro.add("-f");
            maestro.add(r.file());
        }
        return "cd -- " + ShellQuote.quote(r.directory()) + " || exit " + NO_DIRECTORY + "; " + export + "; exec "
                + ShellQuote.join(maestro) + " " + invocation.arguments();
    }

    /** {@code status}: the state before and after, and the instance names a selection expands to. */
    static Invocation status(List<String> names) {
        return new Invocation("status", List.of(), names);
    }

    static Invocation pull(MaestroDeployRequest r) {
        return new Invocation("pull", List.of(), selection(r));
    }

    /** {@code start} runs in dependency order ({@code requires}); {@code restart} does not. */
    static Invocation start(MaestroDeployRequest r, List<String> instances) {
        return new Invocation("start", r.refreshImages() ? List.of("-r") : List.of(), instances);
    }

    static Invocation restart(MaestroDeployRequest r, List<String> instances) {
        List<String> flags = new ArrayList<>();
        flags.add("-c");
        flags.add(Integer.toString(r.concurrency()));
        if (!r.stepDelay().isZero()) {
            flags.add("--step-delay");
            flags.add(Long.toString(r.stepDelay().toSeconds()));
        }
        if (!r.stopStartDelay().isZero()) {
            flags.add("--stop-start-delay");
            flags.add(Long.toString(r.stopStartDelay().toSeconds()));
        }
        if (r.onlyIfChanged()) {
            flags.add("--only-if-changed");
        }
        if (r.refreshImages()) {
            flags.add("-r");
        }
        return new Invocation("restart", flags, instances);
    }

    static Invocation stop(List<String> instances) {
        return new Invocation("stop", List.of(), instances);
    }

    /** The services and instances the deploy was asked for; none means all (Maestro's default selection). */
    static List<String> selection(MaestroDeployRequest r) {
        List<String> names = new ArrayList<>(r.services());
        names.addAll(r.instances());
        return names;
    }
}
