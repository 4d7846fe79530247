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
import java.time.Duration;

/**
 * One command on one exec channel. JSch writes the output straight into two line splitters (no pipes,
 * no reader threads) while this thread watches the clock.
 */
final class RemoteCommand {
    /** How much of each stream's end an {@link ExecResult} keeps: memory stays flat whatever the output. */
    static final int KEPT_CHARACTERS = 64 * 1024;
    /** A longer line is passed on in pieces rather than held whole. */
    static final int LONGEST_LINE = 64 * 1024;

    private static final Duration GRACE = Duration.ofSeconds(3);

    private final Session session;
    private final SshTarget target;
    private final SshSettings settings;

    RemoteCommand(Session session, SshTarget target, SshSettings settings) {
        this.session = session;
        this.target = target;
        this.settings = settings;
    }

    ExecResult run(String command, Duration timeout, OutputLine output) {
        ChannelExec channel;
        LineSplitter stdout = new LineSplitter(OutputLine.Stream.STDOUT, output);
        LineSplitter stderr = new LineSplitter(OutputLine.Stream.STDERR, output);
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command.getBytes(StandardCharsets.UTF_8));
            channel.setPty(false);
            channel.setInputStream(new ByteArrayInputStream(new byte[0])); // stdin: at its end at once
            channel.setOutputStream(stdout, true);
            channel.setErrStream(stderr, true);
            channel.connect((int) settings.connectTimeout().toMillis());
        } catch (JSchException e) {
            throw new ConnectionException("Cannot run a command on " + target + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!channel.isClosed()) {
                if (System.nanoTime() > deadline) {
                    stop(channel);
                    throw new RemoteCommandException(
                            Reason.TIMED_OUT,
                            "The command on " + target + " ran longer than " + timeout.toSeconds()
                                    + " s and was stopped; it did not finish.");
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            stop(channel);
            Thread.currentThread().interrupt();
            throw new RemoteCommandException(
                    Reason.CANCELLED, "The command on " + target + " was cancelled and stopped.");
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

    /** TERM, a grace period, KILL, then close: the remote process must not outlive a timeout or a cancel. */
    private static void stop(ChannelExec channel) {
        try {
            channel.sendSignal("TERM");
            long deadline = System.nanoTime() + GRACE.toNanos();
            while (!channel.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!channel.isClosed()) {
                channel.sendSignal("KILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the channel may be gone already; closing it below is what remains
        } finally {
            channel.disconnect();
        }
    }

    /** Splits what JSch writes into lines for the caller and keeps the stream's last characters. */
    private static final class LineSplitter extends OutputStream {
        private final OutputLine.Stream stream;
        private final OutputLine output;
        private final StringBuilder tail = new StringBuilder();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        LineSplitter(OutputLine.Stream stream, OutputLine output) {
            this.stream = stream;
            this.output = output;
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

        private void emit() {
            String text = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
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
