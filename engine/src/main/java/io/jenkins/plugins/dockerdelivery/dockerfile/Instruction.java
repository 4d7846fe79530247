package io.jenkins.plugins.dockerdelivery.dockerfile;

import java.util.List;

/**
 * One Dockerfile instruction after continuation lines are joined and heredoc bodies set aside.
 *
 * @param keyword the instruction, upper-cased ({@code FROM}, {@code RUN}, ...)
 * @param arguments everything after the keyword on the joined line, trimmed
 * @param startLine the 1-based line the instruction starts on
 * @param endLine the 1-based line it ends on, heredoc bodies included
 * @param heredocs the bodies of its heredocs, in order; they are data, never instructions
 */
public record Instruction(String keyword, String arguments, int startLine, int endLine, List<String> heredocs) {
    public Instruction {
        heredocs = List.copyOf(heredocs);
    }
}
