package io.jenkins.plugins.dockerdelivery;

import java.util.ArrayList;
import java.util.List;

/** Test helper: keeps every line the engine reports, in order. */
public final class RecordingListener implements ProgressListener {
    private final List<String> lines = new ArrayList<>();
    private final boolean echo = Boolean.getBoolean("dd.echo");

    @Override
    public synchronized void log(String line) {
        lines.add(line);
        if (echo) {
            System.out.println(line);
        }
    }

    @Override
    public synchronized void progress(String item, String status) {
        log("[progress] " + item + ": " + status);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines());
    }
}
