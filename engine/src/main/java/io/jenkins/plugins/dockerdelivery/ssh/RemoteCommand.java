package io.jenkins.plugins.dockerdelivery.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.ssh.RemoteCommandException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command on one exec channel. JSch writes the output straight into two line splitters (no pipes,
 * no reader threads) while this thread watches the clock.
 *
 * <p>Stopping: sshd runs an exec command as the leader of a new session and process group, and the
 * command first reports that group on stderr (a marker line the caller never sees). A timeout or a
 * cancel then kills the whole group from a second channel: TERM, a grace period, KILL, and a last
 * look that confirms nothing of it is left. SSH signal requests are not used: sshd refuses them for a
 * root login ({@code session signalling requires privilege separation}), and they reach only the
 * shell, never its children. When the stop cannot be confirmed the message says the command may
 * still be running.
 */
final class RemoteCommand {
    /** How much of each stream's end an {@link ExecResult} keeps: memory stays flat whatever the output. */
    static final int KEPT_CHARACTERS = 64 * 1024;
    /** A longer line is passed on in pieces rather than held whole. */
    static final int LONGEST_LINE = 64 * 1024;

    /** TERM, then this long (in 0.2 s steps) before KILL. */
    private static final int GRACE_STEPS = 15;

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Session session;
    private final SshTarget target;
    private final SshSettings settings;

    RemoteCommand(Session session, SshTarget target, SshSettings settings) {
        this.session = session;
        this.target = target;
        this.settings = settings;
    }

    ExecResult run(String command, Duration timeout, OutputLine output) {
        String marker = "docker-delivery-pgid-" + HexFormat.of().formatHex(nonce());
        ChannelExec channel;
        LineSplitter stdout = new LineSplitter(OutputLine.Stream.STDOUT, output, null);
        LineSplitter stderr = new LineSplitter(OutputLine.Stream.STDERR, output, marker);
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(wrapped(marker, command).getBytes(StandardCharsets.UTF_8));
            channel.setPty(false);
            channel.setInputStream(new ByteArrayInputStream(new byte[0])); // stdin: at its end at once
            channel.setOutputStream(stdout, true);
            channel.setErrStream(stderr, true);
            channel.connect((int) settings.connectTimeout().toMillis());
        } catch (JSchException e) {
            throw new ConnectionException("Cannot run a command on " + target + ": " + e.getMessage(), e);
        }
        long deadline = timeout.isNegative() || timeout.isZero() ? System.nanoTime() : nanosFromNow(timeout);
        try {
            while (!channel.isClosed()) {
                if (System.nanoTime() - deadline > 0) {
                    String stopped = stop(channel, stderr.processGroup());
                    throw new RemoteCommandException(
                            Reason.TIMED_OUT,
                            "The command on " + target + " ran longer than " + timeout.toSeconds() + " s: " + stopped,
                            stopped);
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            String stopped = stop(channel, stderr.processGroup());
            Thread.currentThread().interrupt();
            throw new RemoteCommandException(
                    Reason.CANCELLED, "The command on " + target + " was cancelled: " + stopped, stopped);
        }
        stdout.finish();
        stderr.finish();
        int exit = channel.getExitStatus();
        channel.disconnect();
        if (exit == -1) {
            // No exit status: the process was killed by a signal, or the connection dropped. jsch 0.2.16 (what
            // Jenkins' jsch plugin ships) does not report the signal's name, so the two cannot be told apart.
            throw new RemoteCommandException(
                    Reason.CONNECTION_LOST,
                    "The command on " + target + " ended without an exit status: it was killed by a signal, or the"
                            + " connection was lost. It may or may not have finished.");
        }
        return new ExecResult(exit, stdout.tail(), stderr.tail());
    }

    private static long nanosFromNow(Duration timeout) {
        long now = System.nanoTime();
        try {
            return Math.addExact(now, timeout.toNanos());
        } catch (ArithmeticException e) {
            return now + Long.MAX_VALUE / 2; // beyond any real run: never reached
        }
    }

    /** The command, preceded by the line that reports its process group, in any POSIX shell. */
    static String wrapped(String marker, String command) {
        return "echo " + marker + " $$ >&2; " + command;
    }

    private static byte[] nonce() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * Kills the command's process group from a second channel and says what became of it: "it was
     * stopped" only when a last look found none of its processes left.
     */
    private String stop(ChannelExec channel, String processGroup) {
        String outcome;
        if (processGroup == null) {
            outcome = "it may still be running on " + target.host()
                    + ": it never reported its process group, so it could not be stopped.";
        } else {
            outcome = killGroup(channel, processGroup);
        }
        channel.disconnect();
        return outcome;
    }

    private String killGroup(ChannelExec channel, String group) {
        // "kill -SIGNAL -PGID", without "--": dash (Debian's /bin/sh) refuses "kill -0 -- -PGID", and
        // this form works in dash, bash and busybox alike. A group that is not there at all (the shell was
        // not a group leader, or it ended just now) is reported as such, never as "stopped".
        String g = "-" + group;
        String script = "if ! kill -0 " + g + " 2>/dev/null; then echo no-group; exit; fi;"
                + " kill -TERM " + g + " 2>/dev/null; i=0; while kill -0 " + g + " 2>/dev/null; do"
                + " if [ $i -ge " + GRACE_STEPS + " ]; then kill -KILL " + g + " 2>/dev/null; sleep 1; break; fi;"
                + " sleep 0.2; i=$((i+1)); done;"
                + " if kill -0 " + g + " 2>/dev/null; then echo still-running; else echo gone; fi";
        boolean interrupted = Thread.interrupted(); // the stop itself must run even when we were cancelled
        StringBuilder answer = new StringBuilder();
        try {
            ChannelExec killer = openKiller(script, answer);
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (!killer.isClosed() && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            killer.disconnect();
        } catch (JSchException | InterruptedException e) {
            return "it may still be running on " + target.host() + " (process group " + group
                    + "): it could not be stopped (" + e.getMessage() + ").";
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (answer.toString().contains("gone") || (answer.toString().contains("no-group") && channel.isClosed())) {
            return "it was stopped (process group " + group + " on " + target.host() + " killed, none of it left).";
        }
        return "it may still be running on " + target.host() + " (process group " + group
                + "): the stop could not be confirmed.";
    }

    /** The stop's channel; opening it is tried a few times, as a busy sshd may refuse one channel. */
    private ChannelExec openKiller(String script, StringBuilder answer) throws JSchException, InterruptedException {
        JSchException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                ChannelExec killer = (ChannelExec) session.openChannel("exec");
                killer.setCommand(script.getBytes(StandardCharsets.UTF_8));
                killer.setInputStream(new ByteArrayInputStream(new byte[0]));
                killer.setOutputStream(
                        new LineSplitter(OutputLine.Stream.STDOUT, (s, l) -> answer.append(l), null), true);
                killer.setErrStream(OutputStream.nullOutputStream(), true);
                killer.connect((int) settings.connectTimeout().toMillis());
                return killer;
            } catch (JSchException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw last;
    }

    /** Splits what JSch writes into lines for the caller and keeps the stream's last characters. */
    private static final class LineSplitter extends OutputStream {
        private final OutputLine.Stream stream;
        private final OutputLine output;
        private final Pattern marker;
        private final StringBuilder tail = new StringBuilder();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private volatile String processGroup;

        /** @param marker the first line starting with it reports the process group and is not passed on */
        LineSplitter(OutputLine.Stream stream, OutputLine output, String marker) {
            this.stream = stream;
            this.output = output;
            this.marker = marker == null ? null : Pattern.compile("^" + Pattern.quote(marker) + " (\\d+)$");
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            int start = offset;
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, start, i - start);
                    emit();
                    start = i + 1;
                } else if (partial.size() + (i - start) >= LONGEST_LINE) {
                    partial.write(bytes, start, i - start);
                    emit(); // a line without end is passed on in pieces, never held whole
                    start = i;
                }
            }
            partial.write(bytes, start, end - start);
        }

        /** The last line, if it had no newline. */
        synchronized void finish() {
            if (partial.size() > 0) {
                emit();
            }
        }

        String processGroup() {
            return processGroup;
        }

        private void emit() {
            String text = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (marker != null && processGroup == null) {
                Matcher m = marker.matcher(text);
                if (m.matches()) {
                    processGroup = m.group(1);
                    return;
                }
            }
            tail.append(text).append('\n');
            if (tail.length() > 2 * KEPT_CHARACTERS) {
                tail.delete(0, tail.length() - KEPT_CHARACTERS);
            }
            output.line(stream, text);
        }

        synchronized String tail() {
            return tail.length() > KEPT_CHARACTERS ? tail.substring(tail.length() - KEPT_CHARACTERS) : tail.toString();
        }
    }
}
