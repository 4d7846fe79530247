package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;

/**
 * docker's {@code --ssh} syntax, for the CLI and the pipeline step alike: {@code ID=SOCKET} names an
 * agent socket, {@code ID} alone means the agent of the environment ({@code SSH_AUTH_SOCK}, which
 * {@code sshagent {}} sets in a pipeline). Key files are not supported: the engine has no agent of its
 * own.
 */
public final class SshAgents {
    private SshAgents() {}

    /** @param env the environment {@code SSH_AUTH_SOCK} is read from */
    public static Map.Entry<String, Path> parse(String option, Map<String, String> env) {
        String spec = option == null ? "" : option.trim();
        int equals = spec.indexOf('=');
        String id = equals < 0 ? spec : spec.substring(0, equals);
        String socket = equals < 0 ? env.get("SSH_AUTH_SOCK") : spec.substring(equals + 1);
        if (id.isBlank()) {
            throw new InvalidInputException("An SSH agent needs an id, such as 'default'");
        }
        if (equals >= 0 && socket.isBlank()) {
            throw new InvalidInputException("SSH agent '" + id + "': no socket after '=': write " + id
                    + "=/path/to/agent.sock, or " + id + " alone for SSH_AUTH_SOCK");
        }
        if (socket == null || socket.isBlank()) {
            throw new InvalidInputException("SSH agent '" + id + "': SSH_AUTH_SOCK is not set. Start an ssh-agent"
                    + " (in a pipeline: sshagent(['credentials-id']) { ... }) or name its socket: " + id
                    + "=/path/to/agent.sock");
        }
        if (socket.contains(",")) {
            throw new InvalidInputException(
                    "SSH agent '" + id + "': only an agent socket is supported, not key files (" + id + "=SOCKET)");
        }
        return Map.entry(id, Path.of(socket));
    }
}
