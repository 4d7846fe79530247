package io.jenkins.plugins.dockerdelivery.ssh;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;

/** Where to connect: host, port and the user to log in as. */
public record SshTarget(String host, int port, String user) {
    public SshTarget {
        if (host == null || host.isBlank()) {
            throw new InvalidInputException("An SSH target needs a host");
        }
        if (user == null || user.isBlank()) {
            throw new InvalidInputException("An SSH target needs a user name");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidInputException("SSH port " + port + " is not between 1 and 65535");
        }
    }

    /** {@code user@host:port}, for messages. */
    @Override
    public String toString() {
        return user + "@" + host + (port == 22 ? "" : ":" + port);
    }

    /** The name known_hosts files use: {@code host} on port 22, {@code [host]:port} elsewhere. */
    String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
