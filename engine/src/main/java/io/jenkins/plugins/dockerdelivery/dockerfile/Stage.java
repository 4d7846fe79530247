package io.jenkins.plugins.dockerdelivery.dockerfile;

import java.util.List;

/**
 * A build stage: one {@code FROM} and what follows it.
 *
 * @param index 0-based position in the file
 * @param name the {@code AS} name, lower-cased, or null
 * @param line the line of its {@code FROM}
 * @param fromStage the index of the earlier stage it is built on, or -1
 * @param stageDependencies indexes of earlier stages it copies or mounts from
 */
public record Stage(int index, String name, int line, int fromStage, List<Integer> stageDependencies) {
    public Stage {
        stageDependencies = List.copyOf(stageDependencies);
    }
}
