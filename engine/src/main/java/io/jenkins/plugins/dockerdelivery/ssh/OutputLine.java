package io.jenkins.plugins.dockerdelivery.ssh;

/** Receives a remote command's output line by line, as it arrives. Called from reader threads. */
@FunctionalInterface
public interface OutputLine {
    enum Stream {
        STDOUT,
        STDERR
    }

    void line(Stream stream, String line);
}
