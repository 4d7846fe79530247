package io.jenkins.plugins.dockerdelivery.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tells {@code bin/docker-delivery} that this run built an image. The launcher makes its class-data
 * archive (AppCDS) from the classes a run has loaded when it exits, and keeps it only from a run that
 * left this mark: {@code build-push --help} also exits with 0, having loaded two thirds of the classes a
 * build needs, and an archive of those would serve every later run, short, until the jar is built again
 * (650 classes of a BuildKit build then load from the jar, on every cold run).
 */
final class ClassArchiveMark {
    /** The file the launcher asks for; unset when the run is not the one that makes the archive. */
    static final String ENV = "DOCKER_DELIVERY_BUILT_MARK";

    private ClassArchiveMark() {}

    static void leave(Map<String, String> env) {
        String mark = env.get(ENV);
        if (mark == null || mark.isBlank()) {
            return;
        }
        try {
            Files.write(Path.of(mark), new byte[0]);
        } catch (IOException | InvalidPathException e) {
            // the archive only makes later runs start faster: without the mark, the next build makes it
        }
    }
}
