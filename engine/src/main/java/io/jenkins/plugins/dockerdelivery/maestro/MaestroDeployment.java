package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.maestro.MaestroCommandLine.Invocation;
import io.jenkins.plugins.dockerdelivery.ssh.ExecResult;
import io.jenkins.plugins.dockerdelivery.ssh.OutputLine;
import io.jenkins.plugins.dockerdelivery.ssh.RemoteCommandException;
import io.jenkins.plugins.dockerdelivery.ssh.SshSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One deploy, step by step, each Maestro command on its own exec channel of one SSH session, each
 * with its own exit status and output, stopping at the first that fails:
 *
 * <ol>
 *   <li>{@code status}: the selection's instances and their containers before (and whether the
 *       configuration loads at all);
 *   <li>{@code pull};
 *   <li>{@code start} of the instances that are not running, in dependency order ({@code restart}
 *       ignores {@code requires});
 *   <li>{@code restart} (rolling, only changed) of the instances that were running;
 *   <li>with a settle time: {@code status} again after it: every instance must still run.
 * </ol>
 *
 * An instance that failed its running checks is left running by Maestro, and the next {@code restart
 * --only-if-changed} would call it "up to date": it is stopped ({@code maestro stop}), so that the
 * next deploy starts it again and runs its checks again. A retry is never green while an instance has
 * not passed its checks.
 */
final class MaestroDeployment {
    private static final String RUNNING = "running";

    /** Runs one remote command: {@link SshSession#exec}, or a replay of recorded runs in tests. */
    @FunctionalInterface
    interface Exec {
        ExecResult exec(String command, Duration timeout, OutputLine output);
    }

    private final Exec session;
    private final MaestroDeployRequest request;
    private final ProgressListener listener;
    private final long deadline;
    private final List<String> commands = new ArrayList<>();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private int lastExit;
    private String stoppedAt;

    /** What the deploy knows of one instance. */
    private static final class Entry {
        final String name;
        final String service;
        final String ship;
        final String before;
        final boolean wasRunning;
        String after;
        String status = "not attempted";
        String change;
        boolean ok;

        Entry(MaestroOutput.Instance i) {
            this.name = i.name();
            this.service = i.service();
            this.ship = i.ship();
            this.before = i.container().isEmpty() ? "-" : i.container();
            this.wasRunning = RUNNING.equals(i.status());
            this.after = before;
        }
    }

    /** One Maestro command's run. */
    private record Phase(Invocation invocation, int exit, MaestroOutput output, String stderr) {
        Map<String, MaestroOutput.Instance> table() {
            return output.instances();
        }
    }

    MaestroDeployment(Exec session, MaestroDeployRequest request, ProgressListener listener, Duration budget) {
        this.session = session;
        this.request = request;
        this.listener = listener;
        long now = System.nanoTime();
        this.deadline = now + Math.max(0, budget.toNanos());
    }

    /** @param onServices told which services the deploy covers, once the first status has listed them */
    DeployResult run(Consumer<List<String>> onServices) {
        Phase before = exec(MaestroCommandLine.status(MaestroCommandLine.selection(request)));
        if (before.exit() != 0 || before.table().isEmpty()) {
            return failed("maestro status " + problem(before), before);
        }
        before.table().values().forEach(i -> entries.put(i.name(), new Entry(i)));
        onServices.accept(List.copyOf(new LinkedHashSet<>(
                entries.values().stream().map(e -> e.service).toList())));

        if (request.actions().contains(MaestroDeployRequest.Action.PULL)) {
            Phase pull = exec(MaestroCommandLine.pull(request));
            String problem = judgePull(pull);
            if (problem != null) {
                return failed(problem, pull);
            }
        }
        if (!request.actions().contains(MaestroDeployRequest.Action.RESTART)) {
            return succeeded();
        }
        List<String> down = entries.values().stream()
                .filter(e -> !e.wasRunning)
                .map(e -> e.name)
                .toList();
        List<String> up = entries.values().stream()
                .filter(e -> e.wasRunning)
                .map(e -> e.name)
                .toList();
        if (!down.isEmpty()) {
            Phase start = exec(MaestroCommandLine.start(request, down));
            String problem = judgeRun(start, down);
            if (problem != null) {
                return failed(problem, start);
            }
        }
        if (!up.isEmpty()) {
            Phase restart = exec(MaestroCommandLine.restart(request, up));
            String problem = judgeRun(restart, up);
            if (problem != null) {
                return failed(problem, restart);
            }
        }
        if (!request.settle().isZero()) {
            String problem = settle();
            if (problem != null) {
                return failed(problem, null);
            }
        }
        return succeeded();
    }

    // --- running one command --------------------------------------------------------------------

    private Phase exec(Invocation invocation) {
        String command = MaestroCommandLine.command(request, invocation);
        commands.add(command);
        String verb = "maestro " + invocation.verb();
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new RemoteCommandException(
                    RemoteCommandException.Reason.TIMED_OUT,
                    "The deploy on " + request.target() + " ran longer than its timeout of "
                            + request.timeout().toSeconds() + " s: it stopped before " + verb + notAttempted(),
                    "");
        }
        listener.log("$ " + command);
        MaestroOutput output =
                new MaestroOutput((instance, first) -> listener.progress(instance.name(), instance.status()));
        ExecResult result;
        try {
            result = session.exec(command, Duration.ofNanos(remaining), (stream, line) -> {
                if (stream == OutputLine.Stream.STDOUT) {
                    output.stdout(line);
                    String plain = MaestroOutput.stripAnsi(line);
                    if (!plain.isBlank() && !plain.matches("^\\s*(#|\\d+\\.)\\s.*")) {
                        listener.log(plain);
                    }
                } else {
                    output.stderr(line);
                    String plain = MaestroOutput.stripAnsi(line);
                    if (!plain.isBlank() && !Character.isWhitespace(plain.charAt(0))) {
                        listener.log(plain); // Maestro's messages; traceback frames are left out
                    }
                }
            });
        } catch (RemoteCommandException e) {
            String cleanup =
                    invocation.verb().equals("start") || invocation.verb().equals("restart")
                            ? stopUnchecked(invocation, output)
                            : "";
            throw interrupted(e, verb, cleanup);
        }
        lastExit = result.exitStatus();
        output.errors().forEach(m -> {
            if (!errors.contains(m)) {
                errors.add(m);
            }
        });
        return new Phase(invocation, result.exitStatus(), output, result.stderrTail());
    }

    private RemoteCommandException interrupted(RemoteCommandException e, String verb, String cleanup) {
        String where = "The deploy on " + request.target();
        String message = switch (e.reason()) {
            case TIMED_OUT ->
                where + " ran longer than its timeout of " + request.timeout().toSeconds() + " s, during " + verb + ": "
                        + e.outcome();
            case CANCELLED -> where + " was cancelled during " + verb + ": " + e.outcome();
            case CONNECTION_LOST -> where + " lost its connection during " + verb + ": " + e.getMessage();
        };
        return new RemoteCommandException(e.reason(), message + cleanup, e.outcome());
    }

    /** How long the stop of half-started instances may take after a timeout or a cancel. */
    private static final Duration CLEANUP = Duration.ofSeconds(60);

    /**
     * After a start or restart was stopped half-way: the instances that got a new container but had
     * not passed their running checks are stopped too, or the next deploy would count them up to date.
     */
    private String stopUnchecked(Invocation invocation, MaestroOutput output) {
        MaestroAction action = invocation.action();
        List<String> unchecked = output.instances().values().stream()
                .filter(i -> invocation.names().contains(i.name()))
                .filter(i -> !action.reached(i.status())
                        && !i.status().equals("waiting...")
                        && !i.status().equals("aborted!")
                        && !i.status().isEmpty())
                .filter(i -> !i.container().isEmpty() && !split(i.container())[1].equals("-"))
                .map(MaestroOutput.Instance::name)
                .toList();
        if (unchecked.isEmpty()) {
            return "";
        }
        String names = String.join(", ", unchecked);
        boolean interrupted = Thread.interrupted(); // the stop must run even when the deploy was cancelled
        try {
            String command = MaestroCommandLine.command(request, MaestroCommandLine.stop(unchecked));
            commands.add(command);
            listener.log("$ " + command);
            MaestroOutput stopped = new MaestroOutput();
            ExecResult result = session.exec(command, CLEANUP, (stream, line) -> {
                if (stream == OutputLine.Stream.STDOUT) {
                    stopped.stdout(line);
                } else {
                    stopped.stderr(line);
                }
            });
            boolean all = result.exitStatus() == 0
                    && unchecked.stream()
                            .allMatch(n -> stopped.instances().get(n) != null
                                    && stopped.instances().get(n).status().equals("stopped"));
            if (all) {
                return " " + names + " had a new container that had not passed its running checks: stopped, so"
                        + " that no later deploy counts it as up to date.";
            }
        } catch (RuntimeException e) {
            // said below
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return " WARNING: " + names + " may be running a new container that never passed its running checks,"
                + " and stopping it failed: stop it (maestro stop) before the next deploy, which would count it"
                + " as up to date.";
    }

    // --- verdicts -------------------------------------------------------------------------------

    /** Why a command failed as a whole: the shell's codes first, then Maestro's. */
    private String problem(Phase phase) {
        return switch (phase.exit()) {
            case 127 ->
                "failed: "
                        + (request.maestro().contains("/")
                                ? request.maestro() + " was not found on " + request.target()
                                : "maestro not found on the PATH of "
                                        + request.target().user() + "@"
                                        + request.target().host())
                        + " (exit code 127). Install it there or give its full path (the maestro option)";
            case 126 ->
                "failed: " + request.maestro() + " is not executable for " + request.target() + " (exit code 126)";
            case MaestroCommandLine.NO_DIRECTORY ->
                "did not run: the directory " + request.directory() + " cannot be entered on " + request.target() + " ("
                        + firstLine(phase.stderr()) + ")";
            case 0 ->
                "listed no instance"
                        + (MaestroCommandLine.selection(request).isEmpty()
                                ? ""
                                : " for " + String.join(", ", MaestroCommandLine.selection(request)));
            default -> "failed (exit code " + phase.exit() + ")";
        };
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** Every instance's image pulled ("done"); otherwise which failed and which were never reached. */
    private String judgePull(Phase pull) {
        List<String> failed = new ArrayList<>();
        for (Entry e : entries.values()) {
            MaestroOutput.Instance row = pull.table().get(e.name);
            String status = row == null ? "" : row.status();
            if (status.equals("done")) {
                e.status = "pulled";
                e.change = "pulled";
                e.ok = true;
            } else if (MaestroAction.isFailure(status)) {
                e.status = status;
                e.change = "pull failed";
                failed.add(e.name);
            } else if (status.matches(".*\\d+(\\.\\d+)?%$")) {
                e.status = status;
                e.change = "not attempted: its pull was interrupted (" + status.replaceAll("^[.\\s]+", "") + ")";
            }
        }
        if (pull.exit() == 0 && failed.isEmpty()) {
            if (pull.table().isEmpty()) {
                return "maestro pull " + problem(pull);
            }
            return null;
        }
        stoppedAt = "the failed pull";
        if (failed.isEmpty()) {
            return "maestro pull " + problem(pull);
        }
        return "maestro pull failed for " + String.join(", ", failed) + " (exit code " + pull.exit() + ")";
    }

    /** After {@code start} or {@code restart} of {@code names}: each must have reached its intended state. */
    private String judgeRun(Phase phase, List<String> names) {
        MaestroAction action = phase.invocation().action();
        List<String> problems = new ArrayList<>();
        List<String> failedNames = new ArrayList<>();
        for (String name : names) {
            Entry e = entries.get(name);
            e.ok = false; // judged again by this command
            MaestroOutput.Instance row = phase.table().get(name);
            if (row == null
                    || row.status().isEmpty()
                    || row.status().equals("waiting...")
                    || row.status().equals("aborted!")) {
                e.change = null; // never reached (or aborted by Maestro before it began): said so at the end
                continue;
            }
            e.status = row.status();
            if (!row.container().isEmpty()) {
                e.after = row.container();
            }
            if (action.reached(row.status()) && row.problems().isEmpty()) {
                e.ok = true;
                e.change = change(e, phase.invocation().verb());
            } else {
                problems.add(failure(e, row));
                failedNames.add(name);
            }
        }
        if (problems.isEmpty() && phase.exit() == 0) {
            return null;
        }
        stoppedAt = problems.isEmpty()
                ? "maestro " + phase.invocation().verb()
                : "the failure of " + String.join(", ", failedNames);
        if (problems.isEmpty()) {
            return "maestro " + phase.invocation().verb() + " " + problem(phase);
        }
        return String.join("; ", problems);
    }

    /** What went wrong with one instance, in words; an instance left running unchecked is stopped. */
    private String failure(Entry e, MaestroOutput.Instance row) {
        String status = row.status();
        boolean didNotStart = status.startsWith("container did not start");
        boolean interrupted = !MaestroAction.isFailure(status) && row.problems().isEmpty();
        if (didNotStart || interrupted) {
            // a new container that has not passed its running checks: if it runs, stop it
            String why = didNotStart
                    ? e.name + " failed its running checks (Maestro: " + status + ")"
                    : e.name + " was interrupted before it passed its running checks (Maestro was at: " + status + ")";
            Phase check = exec(MaestroCommandLine.status(List.of(e.name)));
            MaestroOutput.Instance now = check.table().get(e.name);
            if (now != null && RUNNING.equals(now.status())) {
                Phase stop = exec(MaestroCommandLine.stop(List.of(e.name)));
                MaestroOutput.Instance stopped = stop.table().get(e.name);
                boolean done =
                        stop.exit() == 0 && stopped != null && stopped.status().equals("stopped");
                e.change = (didNotStart ? "failed its running checks; " : "interrupted before its checks passed; ")
                        + (done ? "stopped" : "STILL RUNNING unchecked (the stop failed)");
                return why + "; "
                        + (done
                                ? "it was stopped, so that no later deploy counts it as up to date"
                                : "it is still running without having passed them, and stopping it failed"
                                        + (stopped == null ? "" : " (" + stopped.status() + ")"));
            }
            e.change = didNotStart ? "exited during its start (its container is down)" : "interrupted: " + status;
            return didNotStart
                    ? e.name + " did not start: its container exited during the start (Maestro: " + status + ")"
                    : why + "; its container is not running";
        }
        if (!row.problems().isEmpty() && !MaestroAction.isFailure(status)) {
            // e.g. a failed pre-stop check, after which Maestro found the old container still up
            e.change = "not restarted: " + String.join(", ", row.problems()) + "; the old container still runs";
            return e.name + " was not restarted: " + String.join(", ", row.problems()) + "; the old container ("
                    + e.before + ") still runs";
        }
        e.change = status;
        return e.name + ": " + status;
    }

    /** {@code restarted: image 1 → 2, container 43e19d7 → 9a1b2c3}; {@code up to date (1:43e19d7)}. */
    private static String change(Entry e, String verb) {
        if (e.status.equals("up to date")) {
            return "up to date (" + e.after + ")";
        }
        if (e.status.startsWith("up")) {
            return "already running (" + e.after + ")";
        }
        String[] before = split(e.before);
        String[] after = split(e.after);
        if (before[1].equals("-")) {
            return "created: image " + after[0] + ", container " + after[1];
        }
        String what = verb.equals("restart") ? "restarted" : "started";
        return what + ": image " + before[0] + " → " + after[0] + ", container " + before[1] + " → " + after[1];
    }

    /** {@code tag:id} as {tag, id}; {@code -} as {-, -}. */
    private static String[] split(String container) {
        int colon = container.lastIndexOf(':');
        return colon < 0
                ? new String[] {container, "-"}
                : new String[] {container.substring(0, colon), container.substring(colon + 1)};
    }

    /** After the settle time every instance must still be running, in the container the deploy left. */
    private String settle() {
        long seconds = request.settle().toSeconds();
        listener.log("Settling: checking in " + seconds + " s that every instance still runs");
        long until = System.nanoTime() + request.settle().toNanos();
        try {
            while (System.nanoTime() - until < 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new RemoteCommandException(
                            RemoteCommandException.Reason.TIMED_OUT,
                            "The deploy on " + request.target() + " ran longer than its timeout of "
                                    + request.timeout().toSeconds() + " s while settling (no command was running)",
                            "");
                }
                Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCommandException(
                    RemoteCommandException.Reason.CANCELLED,
                    "The deploy on " + request.target() + " was cancelled while settling (no command was running)",
                    "");
        }
        Phase after = exec(MaestroCommandLine.status(List.copyOf(entries.keySet())));
        List<String> down = new ArrayList<>();
        for (Entry e : entries.values()) {
            MaestroOutput.Instance row = after.table().get(e.name);
            if (row == null || !RUNNING.equals(row.status())) {
                e.ok = false;
                e.status = row == null ? "not listed" : row.status();
                e.change =
                        e.change + "; then " + (row == null ? "not listed" : row.status()) + " " + seconds + " s later";
                down.add(e.name);
            }
        }
        if (down.isEmpty() && after.exit() == 0) {
            return null;
        }
        if (down.isEmpty()) {
            return "the settle check (maestro status) " + problem(after);
        }
        return String.join(", ", down) + (down.size() == 1 ? " was" : " were") + " not running " + seconds
                + " s after the deploy (Maestro had said started: without a running check, a container that"
                + " exits after its start is only seen by this settle check)";
    }

    // --- results --------------------------------------------------------------------------------

    private String notAttempted() {
        List<String> never = entries.values().stream()
                .filter(e -> e.change == null)
                .map(e -> e.name)
                .toList();
        return never.isEmpty() ? "" : ". Not attempted: " + String.join(", ", never);
    }

    private DeployResult failed(String problem, Phase phase) {
        String notAttempted = notAttempted();
        StringBuilder message = new StringBuilder("The deploy on " + request.target() + " failed: " + problem);
        List<String> said = phase == null ? List.of() : phase.output().errors();
        if (!said.isEmpty()) {
            message.append(". Maestro said: ").append(String.join(" | ", said));
        }
        message.append(
                notAttempted.isEmpty()
                        ? ""
                        : notAttempted + (stoppedAt == null ? "" : " (the deploy stopped at " + stoppedAt + ")"));
        return result(false, message.toString());
    }

    private DeployResult succeeded() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            String word = e.change == null ? "not attempted" : e.change.replaceAll("\\s*[:(].*$", "");
            counts.merge(word, 1, Integer::sum);
        }
        String where = " on " + request.target();
        if (counts.keySet().stream().allMatch(w -> w.equals("up to date") || w.equals("already running"))) {
            int n = entries.size();
            return result(
                    true,
                    "Nothing changed" + where + ": " + (n == 1 ? "the instance is" : "all " + n + " instances are")
                            + " up to date");
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((word, n) -> parts.add(n + " " + word));
        return result(true, "Deployed" + where + ": " + String.join(", ", parts));
    }

    private DeployResult result(boolean success, String message) {
        List<DeployResult.InstanceResult> instances = new ArrayList<>();
        for (Entry e : entries.values()) {
            String change = e.change == null
                    ? "not attempted" + (stoppedAt == null ? "" : " (the deploy stopped at " + stoppedAt + ")")
                    : e.change;
            instances.add(new DeployResult.InstanceResult(
                    e.name, e.service, e.ship, e.before, e.after, e.status, change, e.ok && e.change != null));
        }
        return new DeployResult(success, commands, lastExit, instances, message, errors);
    }
}
