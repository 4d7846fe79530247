package io.jenkins.plugins.dockerdelivery.maestro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Maestro-NG 0.8.3 for the deploy tests: a wrapper script, made at run time in a fresh
 * world-readable directory, that exports {@code MAESTRO_NG_SRC} and execs the launcher of {@code
 * shared/tools/maestro-ng} (see its README). The launcher is found through {@code
 * DD_MAESTRO_NG_TOOLS}, else as {@code shared/tools/maestro-ng} beside one of the clone's parent
 * directories. Nothing of Maestro-NG is in this repository.
 *
 * <p>Where {@code MAESTRO_NG_SRC} is not set (CI, which cannot fetch it, or another machine) the
 * tests that need it are skipped naming what is missing, even with {@code CI=true}; the recorded
 * real transcripts (src/test/resources/maestro/real) carry the checks there.
 */
public final class RealMaestro {
    private final Path dir;

    private RealMaestro(Path dir) {
        this.dir = dir;
    }

    /** Skips the test (whatever CI says) when real Maestro-NG is not available here. */
    public static RealMaestro require() throws IOException {
        String src = System.getenv("MAESTRO_NG_SRC");
        if (src == null || src.isBlank()) {
            Assumptions.abort("MAESTRO_NG_SRC is not set: these tests need a Maestro-NG 0.8.3 source checkout"
                    + " (see shared/tools/maestro-ng/README.md); the recorded transcripts carry the checks here");
        }
        if (!Files.isRegularFile(Path.of(src, "maestro", "__main__.py"))) {
            Assumptions.abort("MAESTRO_NG_SRC=" + src + " holds no maestro/__main__.py");
        }
        Path launcher = tools().map(t -> t.resolve("maestro")).orElse(null);
        if (launcher == null || !Files.isExecutable(launcher)) {
            Assumptions.abort("the Maestro-NG launcher (shared/tools/maestro-ng/maestro) is not found: set"
                    + " DD_MAESTRO_NG_TOOLS to its directory");
        }
        Path dir = Files.createDirectories(Path.of("/tmp", "dd-real-maestro-" + UUID.randomUUID()));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path wrapper = dir.resolve("maestro");
        Files.writeString(
                wrapper,
                "#!/bin/sh\n# made by RealMaestro for one test run\nexport MAESTRO_NG_SRC='" + src + "'\nexec '"
                        + launcher + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new RealMaestro(dir);
    }

    private static Optional<Path> tools() {
        String explicit = System.getenv("DD_MAESTRO_NG_TOOLS");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/tools/maestro-ng");
            if (Files.isRegularFile(candidate.resolve("maestro"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The wrapper's full path, for the deploy's maestro option. */
    public String executable() {
        return dir.resolve("maestro").toString();
    }

    /** A fresh directory for one environment's maestro.yaml. */
    public Path environment(String name, String maestroYaml) throws IOException {
        Path env = Files.createDirectories(dir.resolve(name));
        Files.writeString(env.resolve("maestro.yaml"), maestroYaml);
        return env;
    }
}
