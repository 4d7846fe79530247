package io.jenkins.plugins.dockerdelivery.dockerfile;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;

/** A Dockerfile that cannot be read: the message names the file and the line. */
public class DockerfileException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public DockerfileException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** The 1-based line the problem is on, or 0 for the file as a whole. */
    public int line() {
        return line;
    }
}
