package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.TextFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Docker Engine listens and how to reach it: the same settings the {@code docker} CLI reads
 * from {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH}.
 *
 * @param host {@code unix:///path/docker.sock} or {@code tcp://host:port}
 * @param tlsVerify whether to use TLS with the client certificate in {@code certPath}
 * @param certPath directory with {@code ca.pem}, {@code cert.pem}, {@code key.pem}; null without TLS
 */
public record DockerEndpoint(String host, boolean tlsVerify, String certPath) {
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** The variables {@link #fromEnvironment} reads: nothing else of an environment is needed to reach the daemon. */
    public static final List<String> VARIABLES = List.of("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH");

    public DockerEndpoint {
        Objects.requireNonNull(host, "host");
        if (!host.startsWith("unix://") && !host.startsWith("tcp://") && !host.startsWith("npipe://")) {
            throw new InvalidInputException(
                    "Docker host '" + host + "' is not understood: use unix:///var/run/docker.sock or tcp://HOST:PORT");
        }
        if (host.startsWith("tcp://")) {
            requirePort(host);
        }
        if (tlsVerify && (certPath == null || certPath.isBlank())) {
            throw new InvalidInputException("TLS verification is on for Docker host " + host
                    + " but no certificate directory is set (DOCKER_CERT_PATH)");
        }
    }

    /** {@code tcp://HOST[:PORT]}: a port, when given, is a number (not the "(Host name)" docker-java says). */
    private static void requirePort(String host) {
        String authority = host.substring("tcp://".length()).replaceFirst("/.*", "");
        int colon = authority.lastIndexOf(':');
        if (authority.isEmpty() || colon == 0 || authority.endsWith("]")) {
            if (authority.isEmpty() || colon == 0) {
                throw new InvalidInputException(
                        "Docker host '" + TextFields.excerpt(host) + "' names no host: use tcp://HOST:PORT");
            }
            return;
        }
        if (colon < 0) {
            return;
        }
        String port = authority.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new InvalidInputException("Docker host '" + TextFields.excerpt(host) + "': '"
                    + TextFields.excerpt(port) + "' is not a port number (1 to 65535); use tcp://HOST:PORT");
        }
    }

    public static DockerEndpoint of(String host) {
        return new DockerEndpoint(host, false, null);
    }

    /**
     * The part of {@code env} that says where the daemon is: what to send to the machine that talks to
     * it, instead of a whole environment that may hold credentials.
     */
    public static Map<String, String> variablesOf(Map<String, String> env) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : VARIABLES) {
            String value = env.get(name);
            if (value != null) {
                settings.put(name, value);
            }
        }
        return settings;
    }

    /** Reads the environment the way the docker CLI does; an empty environment means the local socket. */
    public static DockerEndpoint fromEnvironment(Map<String, String> env) {
        String host = env.getOrDefault("DOCKER_HOST", "");
        boolean tls = !env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty() && !"0".equals(env.get("DOCKER_TLS_VERIFY"));
        String certPath = env.get("DOCKER_CERT_PATH");
        if (tls && (certPath == null || certPath.isBlank())) {
            certPath = System.getProperty("user.home") + "/.docker";
        }
        return new DockerEndpoint(host.isBlank() ? DEFAULT_HOST : host, tls, tls ? certPath : null);
    }
}
