package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The real test environment of the engine's integration tests (Docker Engine, registries, sshd),
 * read from the same file by the same rules as the engine's {@code testenv.TestEnvironment}, whose
 * test classes are not on this module's class path: where it is missing, a test fails when {@code
 * CI=true} and is skipped with the reason otherwise.
 */
final class TestEnvironment {
    private final Properties props;

    private TestEnvironment(Properties props) {
        this.props = props;
    }

    static TestEnvironment require() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            unavailable("the test environment is not running (no " + file + "); start it with `make env-up`");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            unavailable("cannot read " + file + ": " + e.getMessage());
        }
        return new TestEnvironment(props);
    }

    private static Path file() {
        String explicit = System.getenv("DD_TESTENV_FILE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String dir = System.getenv("DD_TESTENV_DIR");
        return Path.of(dir != null && !dir.isBlank() ? dir : "/tmp/docker-delivery-testenv", "testenv.properties");
    }

    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + reason);
        }
        Assumptions.abort(reason);
    }

    String get(String key) {
        String value = props.getProperty(key);
        if (value == null) {
            unavailable("the test environment file has no '" + key + "'");
        }
        return value;
    }
}
