package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.ssh.ShellQuote;
import java.util.ArrayList;
import java.util.List;

/**
 * The one remote command a deploy runs, every value quoted by {@link ShellQuote}:
 *
 * <pre>cd DIR &amp;&amp; export COLUMNS=200 VAR=... &amp;&amp; maestro -f FILE pull [NAMES] &amp;&amp; maestro -f FILE restart (-a | -s NAMES | NAMES) -c 1 --only-if-changed</pre>
 *
 * {@code &&} and not {@code ;}: a failed pull must not restart anyway. {@code restart} always names
 * its selection ({@code -a} for all), since a bare {@code maestro restart} exits 1, and {@code -s}
 * when services are named. {@code COLUMNS=200} keeps instance names whole in the table.
 */
public final class MaestroCommandLine {
    private MaestroCommandLine() {}

    public static String of(MaestroDeployRequest r) {
        List<String> parts = new ArrayList<>();
        parts.add("cd " + ShellQuote.quote(r.directory()));
        StringBuilder export = new StringBuilder("export COLUMNS=200");
        r.environment()
                .forEach((k, v) -> export.append(' ').append(k).append('=').append(ShellQuote.quote(v)));
        parts.add(export.toString());
        for (MaestroDeployRequest.Action action : r.actions()) {
            parts.add(String.join(" ", arguments(r, action)));
        }
        return String.join(" && ", parts);
    }

    /** The words of one maestro invocation, quoted, the executable first. */
    static List<String> arguments(MaestroDeployRequest r, MaestroDeployRequest.Action action) {
        List<String> words = new ArrayList<>();
        words.add(ShellQuote.quote(r.maestro()));
        if (r.file() != null) {
            words.add("-f");
            words.add(ShellQuote.quote(r.file()));
        }
        MaestroAction maestroAction = action(r, action);
        words.add(maestroAction.verb());
        words.addAll(maestroAction.flags());
        return words;
    }

    /** One invocation's verb and what follows it (names quoted): also what Maestro's reading is judged by. */
    static MaestroAction action(MaestroDeployRequest r, MaestroDeployRequest.Action action) {
        List<String> words = new ArrayList<>();
        List<String> names = new ArrayList<>(r.services());
        names.addAll(r.instances());
        if (action == MaestroDeployRequest.Action.PULL) {
            names.forEach(n -> words.add(ShellQuote.quote(n)));
            return new MaestroAction("pull", words);
        }
        if (names.isEmpty()) {
            words.add("-a");
        } else {
            if (!r.services().isEmpty()) {
                words.add("-s"); // names services: they must be expanded to their instances
            }
            names.forEach(n -> words.add(ShellQuote.quote(n)));
        }
        words.add("-c");
        words.add(Integer.toString(r.concurrency()));
        if (!r.stepDelay().isZero()) {
            words.add("--step-delay");
            words.add(Long.toString(r.stepDelay().toSeconds()));
        }
        if (!r.stopStartDelay().isZero()) {
            words.add("--stop-start-delay");
            words.add(Long.toString(r.stopStartDelay().toSeconds()));
        }
        if (r.onlyIfChanged()) {
            words.add("--only-if-changed");
        }
        if (r.refreshImages()) {
            words.add("-r");
        }
        return new MaestroAction("restart", words);
    }
}
