package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import java.io.PrintWriter;

/** Writes what the engine reports to the terminal, one line at a time, from any thread. */
final class ConsoleListener implements ProgressListener {
    private final PrintWriter out;

    ConsoleListener(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void log(String line) {
        out.println(line);
        out.flush();
    }
}
