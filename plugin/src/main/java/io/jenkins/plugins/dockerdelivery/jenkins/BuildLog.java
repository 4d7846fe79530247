package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.TaskListener;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import java.io.PrintStream;

/** The engine's progress, written to a build log. */
final class BuildLog implements ProgressListener {
    private final PrintStream logger;

    BuildLog(TaskListener listener) {
        this.logger = listener.getLogger();
    }

    @Override
    public void log(String line) {
        synchronized (logger) {
            logger.println(line);
        }
    }

    @Override
    public void progress(String item, String status) {
        log("  " + item + ": " + status);
    }
}
