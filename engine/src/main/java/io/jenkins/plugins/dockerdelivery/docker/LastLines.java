package io.jenkins.plugins.dockerdelivery.docker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last few lines of a step's output, for failure messages. */
final class LastLines {
    static final int KEPT = 15;

    private final Deque<String> lines = new ArrayDeque<>();

    void add(String line) {
        if (lines.size() == KEPT) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    void clear() {
        lines.clear();
    }

    List<String> get() {
        return List.copyOf(lines);
    }
}
