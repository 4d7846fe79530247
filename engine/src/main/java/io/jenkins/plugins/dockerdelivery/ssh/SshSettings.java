package io.jenkins.plugins.dockerdelivery.ssh;

import java.time.Duration;

/**
 * Timeouts of an SSH connection.
 *
 * @param connectTimeout for the TCP connection and the SSH handshake
 * @param keepAlive how often to ask the server whether it is still there while a command runs; three
 *     unanswered in a row close the connection
 */
public record SshSettings(Duration connectTimeout, Duration keepAlive) {
    public static SshSettings defaults() {
        return new SshSettings(Duration.ofSeconds(20), Duration.ofSeconds(15));
    }
}
