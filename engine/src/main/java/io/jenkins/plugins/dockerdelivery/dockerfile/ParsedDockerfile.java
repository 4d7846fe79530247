package io.jenkins.plugins.dockerdelivery.dockerfile;

import java.util.List;

/**
 * The syntax of a Dockerfile: its escape character, its {@code # syntax=} directive and its
 * instructions, with warnings returned as data rather than logged.
 */
public record ParsedDockerfile(
        String file, char escape, String syntax, List<Instruction> instructions, List<String> warnings) {
    public ParsedDockerfile {
        instructions = List.copyOf(instructions);
        warnings = List.copyOf(warnings);
    }
}
