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
        Spec spec = split(option);
        String socket = spec.socket() != null ? spec.socket() : env.get("SSH_AUTH_SOCK");
        if (socket == null || socket.isBlank()) {
            throw new InvalidInputException("SSH agent '" + spec.id() + "': SSH_AUTH_SOCK is not set. Start an"
                    + " ssh-agent (in a pipeline: sshagent(['credentials-id']) { ... }) or name its socket: "
                    + spec.id() + "=/path/to/agent.sock");
        }
        return Map.entry(spec.id(), Path.of(socket));
    }

    /**
     * What can be checked before the build's environment is known (a form): an id, and after {@code =}
     * a socket rather than key files.
     *
     * @return the id
     */
    public static String checkSyntax(String option) {
        return split(option).id();
    }

    /** @param socket null when the option names none: the environment's agent */
    private record Spec(String id, String socket) {}

    private static Spec split(String option) {
        String spec = option == null ? "" : option.trim();
        int equals = spec.indexOf('=');
        String id = equals < 0 ? spec : spec.substring(0, equals);
        if (id.isBlank()) {
            throw new InvalidInputException("An SSH agent needs an id, such as 'default'");
        }
        if (equals < 0) {
            return new Spec(id, null);
        }
        String socket = spec.substring(equals + 1);
        if (socket.isBlank()) {
            throw new InvalidInputException("SSH agent '" + id + "': no socket after '=': write " + id
                    + "=/path/to/agent.sock, or " + id + " alone for SSH_AUTH_SOCK");
        }
        if (socket.contains(",")) {
            throw new InvalidInputException(
                    "SSH agent '" + id + "': only an agent socket is supported, not key files (" + id + "=SOCKET)");
        }
        return new Spec(id, socket);
    }
}
