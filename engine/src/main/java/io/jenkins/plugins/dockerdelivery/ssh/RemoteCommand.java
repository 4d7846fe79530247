package io.jenkins.plugins.dockerdelivery.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.ssh.RemoteCommandException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One command on one exec channel: output read by two threads, line by line, while this one watches the clock. */
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
        Reader stdout;
        Reader stderr;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command.getBytes(StandardCharsets.UTF_8));
            channel.setPty(false);
            channel.setInputStream(new ByteArrayInputStream(new byte[0])); // stdin: at its end at once
            stdout = new Reader(channel.getInputStream(), OutputLine.Stream.STDOUT, output);
            stderr = new Reader(channel.getErrStream(), OutputLine.Stream.STDERR, output);
            channel.connect((int) settings.connectTimeout().toMillis());
        } catch (JSchException | IOException e) {
            throw new ConnectionException("Cannot run a command on " + target + ": " + e.getMessage(), e);
        }
        Thread out = reader(stdout, "stdout");
        Thread err = reader(stderr, "stderr");
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
        join(out);
        join(err);
        int exit = channel.getExitStatus();
        String signal = channel.getExitSignal();
        channel.disconnect();
        if (exit == -1) {
            if (signal != null) {
                throw new RemoteCommandException(
                        Reason.CONNECTION_LOST, "The command on " + target + " was killed by signal " + signal + ".");
            }
            throw new RemoteCommandException(
                    Reason.CONNECTION_LOST,
                    "The connection to " + target
                            + " was lost while the command ran: exit status unknown. It may or may not have finished.");
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

    private static Thread reader(Reader reader, String name) {
        Thread thread = new Thread(reader, "ssh " + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Splits a stream into lines for the caller and keeps its last characters. */
    private static final class Reader implements Runnable {
        private final InputStream in;
        private final OutputLine.Stream stream;
        private final OutputLine output;
        private final StringBuilder tail = new StringBuilder();
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        Reader(InputStream in, OutputLine.Stream stream, OutputLine output) {
            this.in = in;
            this.stream = stream;
            this.output = output;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        byte b = buffer[i];
                        if (b == '\n') {
                            emit();
                        } else if (line.size() >= LONGEST_LINE) {
                            emit();
                            line.write(b);
                        } else {
                            line.write(b);
                        }
                    }
                }
            } catch (IOException e) {
                // the channel closed: what was read is passed on below
            }
            if (line.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            synchronized (this) {
                tail.append(text).append('\n');
                if (tail.length() > KEPT_CHARACTERS) {
                    tail.delete(0, tail.length() - KEPT_CHARACTERS);
                }
            }
            output.line(stream, text);
        }

        synchronized String tail() {
            return tail.toString();
        }
    }
}
