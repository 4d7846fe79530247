package io.jenkins.plugins.dockerdelivery.testenv;

import static org.junit.jupiter.api.Assertions.fail;

import io.jenkins.plugins.dockerdelivery.Secret;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The endpoints of the real test environment started by {@code scripts/testenv.sh up} (Docker
 * Engine, registries, sshd). They are read from one place: the file named by {@code
 * DD_TESTENV_FILE}, else {@code $DD_TESTENV_DIR/testenv.properties}, else {@code
 * /tmp/docker-delivery-testenv/testenv.properties}.
 *
 * <p>A test that needs a component calls {@link #require()}: where the environment is missing, the
 * test fails when {@code CI=true} and is skipped with the reason otherwise.
 */
public final class TestEnvironment {
    private static TestEnvironment loaded;

    private final Properties props;

    private TestEnvironment(Properties props) {
        this.props = props;
    }

    public static synchronized TestEnvironment require() {
        if (loaded == null) {
            Path file = file();
            if (!Files.isRegularFile(file)) {
                unavailable("the test environment is not running (no " + file
                        + "); start it with `make env-up` or run everything with `make test`");
            }
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                props.load(reader);
            } catch (IOException e) {
                unavailable("cannot read " + file + ": " + e.getMessage());
            }
            loaded = new TestEnvironment(props);
        }
        return loaded;
    }

    static Path file() {
        String explicit = System.getenv("DD_TESTENV_FILE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String dir = System.getenv("DD_TESTENV_DIR");
        return Path.of(dir != null && !dir.isBlank() ? dir : "/tmp/docker-delivery-testenv", "testenv.properties");
    }

    /** Fails under CI (a missing component is a red run there), skips elsewhere. */
    public static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + reason);
        }
        Assumptions.abort(reason);
    }

    public String get(String key) {
        String value = props.getProperty(key);
        if (value == null) {
            unavailable("the test environment file has no '" + key + "'; restart it with `make env-down env-up`");
        }
        return value;
    }

    public String dockerHost() {
        return get("docker.host");
    }

    public String baseImage() {
        return get("docker.baseImage");
    }

    public String authRegistry() {
        return get("registry.auth.address");
    }

    public String registryUser() {
        return get("registry.auth.user");
    }

    public Secret registryPassword() {
        return Secret.of(get("registry.auth.password"));
    }

    public String noAuthRegistry() {
        return get("registry.noauth.address");
    }

    public String sshHost() {
        return get("ssh.host");
    }

    public int sshPort() {
        return Integer.parseInt(get("ssh.port"));
    }

    public String sshUser() {
        return get("ssh.user");
    }

    public Secret sshPassword() {
        return Secret.of(get("ssh.password"));
    }

    public Secret sshKeyPassphrase() {
        return Secret.of(get("ssh.keyPassphrase"));
    }

    public Path sshKey(String name) {
        return Path.of(get("ssh.keysDir"), name);
    }

    public Path knownHosts() {
        return Path.of(get("ssh.knownHosts"));
    }

    public Path knownHostsHashed() {
        return Path.of(get("ssh.knownHostsHashed"));
    }

    public Path sshHostKeyDir() {
        return Path.of(get("ssh.hostKeyDir"));
    }

    public Path sshConfig() {
        return Path.of(get("ssh.config"));
    }

    public Path sshPidFile() {
        return Path.of(get("ssh.pidFile"));
    }
}
