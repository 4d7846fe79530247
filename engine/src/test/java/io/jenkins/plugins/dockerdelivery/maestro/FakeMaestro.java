package io.jenkins.plugins.dockerdelivery.maestro;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

/**
 * TEST FIXTURE, NOT MAESTRO-NG. Maestro-NG cannot be installed here, so deploy tests put this script
 * first on the remote PATH: it records how it was called (directory, arguments, COLUMNS, IMAGE_TAG)
 * and replays a real Maestro-NG transcript (stdout, stderr, exit code) from
 * src/test/resources/maestro/transcripts.
 */
public final class FakeMaestro {
    private static final String SCRIPT = """
            #!/bin/sh
            # TEST FIXTURE, NOT MAESTRO-NG: records how it was called, then replays a recorded transcript.
            here=$(dirname "$0")
            printf '%s|%s|COLUMNS=%s|IMAGE_TAG=%s\\n' "$PWD" "$*" "$COLUMNS" "$IMAGE_TAG" >> "$here/calls.log"
            t="$here/transcript-$1"
            [ -d "$t" ] || { echo "fake maestro: no transcript for $1" >&2; exit 99; }
            cat "$t/stdout"
            cat "$t/stderr" >&2
            exit "$(cat "$t/exit-code")"
            """;

    private final Path dir;
    private final Path appDir;

    private FakeMaestro(Path dir, Path appDir) {
        this.dir = dir;
        this.appDir = appDir;
    }

    /** Installs a fresh copy in a world-readable directory: the SSH user is not the user running the tests. */
    public static FakeMaestro install() throws IOException {
        Path dir = Files.createDirectories(Path.of("/tmp", "dd-fake-maestro-" + UUID.randomUUID()));
        Path appDir = Files.createDirectories(dir.resolve("srv/app.example.org"));
        Files.writeString(dir.resolve("maestro"), SCRIPT);
        Files.setPosixFilePermissions(dir.resolve("maestro"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(dir.resolve("calls.log"));
        Files.setPosixFilePermissions(dir.resolve("calls.log"), PosixFilePermissions.fromString("rw-rw-rw-"));
        return new FakeMaestro(dir, appDir);
    }

    /** Makes {@code maestro ACTION} replay the transcript {@code name}. */
    public FakeMaestro replay(String action, String name) throws IOException, URISyntaxException {
        Path target = Files.createDirectories(dir.resolve("transcript-" + action));
        for (String file : List.of("stdout", "stderr", "exit-code")) {
            // a stream, not a Path: from another module the transcripts are inside the engine's test jar
            try (var in = FakeMaestro.class.getResourceAsStream("/maestro/transcripts/" + name + "/" + file)) {
                if (in == null) {
                    throw new IOException("no transcript file " + name + "/" + file);
                }
                Files.copy(in, target.resolve(file));
            }
        }
        return this;
    }

    /** The fake's full path, for the deploy's maestro option. */
    public String executable() {
        return dir.resolve("maestro").toString();
    }

    /** The directory to deploy in (where maestro.yaml would be). */
    public Path appDir() {
        return appDir;
    }

    /** One line per call: {@code directory|arguments|COLUMNS=..|IMAGE_TAG=..}. */
    public List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("calls.log"));
    }
}
