package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTarStreamTest {
    @TempDir
    Path ctx;

    record Entry(String name, char type, int mode, String content, String link, long uid) {}

    static Map<String, Entry> read(InputStream tar) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                String content = e.isFile() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : null;
                char type = e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : 'f';
                entries.put(
                        e.getName(),
                        new Entry(e.getName(), type, e.getMode() & 07777, content, e.getLinkName(), e.getLongUserId()));
            }
        }
        return entries;
    }

    private Path write(String name, String content) throws IOException {
        Path file = ctx.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void sendsEverythingInNameOrderWithModesLinksAndOwnerZero() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        write("b.txt", "bee");
        Path script = write("a/run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        write("a/z/deep.txt", "deep");
        Files.createSymbolicLink(ctx.resolve("link"), Path.of("b.txt"));
        Files.createDirectories(ctx.resolve("empty"));

        Map<String, Entry> entries = read(BuildContext.of(ctx, null).open());

        assertThat(entries.keySet())
                .containsExactly("Dockerfile", "a/", "a/run.sh", "a/z/", "a/z/deep.txt", "b.txt", "empty/", "link");
        assertThat(entries.get("a/run.sh").mode()).isEqualTo(0750);
        assertThat(entries.get("a/run.sh").content()).isEqualTo("#!/bin/sh\n");
        assertThat(entries.get("link").type()).isEqualTo('l');
        assertThat(entries.get("link").link()).isEqualTo("b.txt");
        assertThat(entries.get("empty/").type()).isEqualTo('d');
        assertThat(entries.values()).allSatisfy(e -> assertThat(e.uid()).isZero());
    }

    @Test
    void honoursDockerignoreButAlwaysSendsTheDockerfileAndTheIgnoreFile() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        write(".dockerignore", "*\n!keep/**\n!keep\n");
        write("drop.txt", "x");
        write("keep/k.txt", "k");
        write("node_modules/x/y.js", "y");

        Map<String, Entry> entries = read(BuildContext.of(ctx, null).open());
        assertThat(entries.keySet()).containsExactly(".dockerignore", "Dockerfile", "keep/", "keep/k.txt");
    }

    @Test
    void dockerfileOutsideTheContextIsSentUnderAReservedName(@TempDir Path elsewhere) throws IOException {
        write("app.txt", "app");
        Path dockerfile = Files.writeString(elsewhere.resolve("build.Dockerfile"), "FROM scratch\nCOPY app.txt /\n");
        BuildContext context = BuildContext.of(ctx, dockerfile);
        assertThat(context.dockerfileInTar()).isEqualTo(BuildContext.OUTSIDE_DOCKERFILE);
        Map<String, Entry> entries = read(context.open());
        assertThat(entries.keySet()).containsExactly(BuildContext.OUTSIDE_DOCKERFILE, "app.txt");
        assertThat(entries.get(BuildContext.OUTSIDE_DOCKERFILE).content()).startsWith("FROM scratch");
    }

    @Test
    void dockerfileSpecificIgnoreFileWins(@TempDir Path elsewhere) throws IOException {
        write("Dockerfile", "FROM scratch\n");
        write("prod.Dockerfile", "FROM scratch\n");
        write("prod.Dockerfile.dockerignore", "test-data\n");
        write(".dockerignore", "src\n");
        write("src/a", "a");
        write("test-data/t", "t");
        assertThat(read(BuildContext.of(ctx, Path.of("prod.Dockerfile")).open()))
                .containsKey("src/a")
                .doesNotContainKey("test-data/t");
        assertThat(read(BuildContext.of(ctx, null).open()))
                .containsKey("test-data/t")
                .doesNotContainKey("src/a");
    }

    @Test
    void longAndNonAsciiNamesUsePaxHeaders() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        String longName = "d".repeat(60) + "/" + "f".repeat(120) + ".txt";
        write(longName, "long");
        write("ünïcødé/日本.txt", "utf8");
        Files.createSymbolicLink(ctx.resolve("ln"), Path.of("x".repeat(150)));
        Map<String, Entry> entries = read(BuildContext.of(ctx, null).open());
        assertThat(entries.get(longName).content()).isEqualTo("long");
        assertThat(entries.get("ünïcødé/日本.txt").content()).isEqualTo("utf8");
        assertThat(entries.get("ln").link()).isEqualTo("x".repeat(150));
    }

    @Test
    void isDeterministic() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        for (int i = 0; i < 50; i++) {
            write("f" + (i * 7919 % 50) + ".txt", "n" + i);
        }
        BuildContext context = BuildContext.of(ctx, null);
        assertThat(context.open().readAllBytes()).isEqualTo(context.open().readAllBytes());
    }

    @Test
    void aFileThatVanishesOrCannotBeReadIsAClearErrorNamingIt() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        Path doomed = write("zz-doomed.txt", "x"); // listed with the root, before it is deleted
        InputStream tar = BuildContext.of(ctx, null).open();
        byte[] buffer = new byte[512];
        tar.read(buffer); // the Dockerfile header: the walk has started
        Files.delete(doomed);
        assertThatThrownBy(tar::readAllBytes)
                .isInstanceOf(BuildContextException.class)
                .hasMessageContaining("'zz-doomed.txt' vanished while it was being sent");

        Path secret = write("secret.txt", "s");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        try {
            if (Files.isReadable(secret)) {
                return; // root reads anything: the permission case cannot happen here
            }
            assertThatThrownBy(() -> BuildContext.of(ctx, null).open().readAllBytes())
                    .hasMessageContaining("'secret.txt' cannot be read (permission denied)");
        } finally {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void memoryStaysFlatForALargeContext() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        byte[] mib = new byte[1 << 20];
        try (var out = Files.newOutputStream(ctx.resolve("big.bin"))) {
            for (int i = 0; i < 256; i++) {
                out.write(mib);
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long total = 0;
        long peak = 0;
        try (InputStream tar = BuildContext.of(ctx, null).open()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = tar.read(buffer)) > 0; ) {
                total += n;
                if ((total & ((1 << 24) - 1)) == 0) {
                    peak = Math.max(peak, rt.totalMemory() - rt.freeMemory() - before);
                }
            }
        }
        assertThat(total).isGreaterThan(256L << 20);
        assertThat(peak).as("heap growth while streaming 256 MiB").isLessThan(64L << 20);
    }

    @Test
    void missingContextOrDockerfileAreClearErrors() {
        assertThatThrownBy(() -> BuildContext.of(ctx.resolve("nope"), null)).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> BuildContext.of(ctx, null)).hasMessageStartingWith("No Dockerfile at ");
    }

    static List<String> names(InputStream tar) throws IOException {
        return new ArrayList<>(read(tar).keySet());
    }

    @Test
    void aDockerfileOverrideReplacesTheDockerfileEntryInsideAndOutsideTheContext() throws IOException {
        write("Dockerfile", "FROM base:7\n");
        write("b.txt", "bee");
        String pinned = "FROM base:7@sha256:" + "1".repeat(64) + "\n";

        Map<String, Entry> inside =
                read(BuildContext.of(ctx, null).withDockerfileContent(pinned).open());
        assertThat(inside.get("Dockerfile").content()).isEqualTo(pinned);
        assertThat(inside.get("b.txt").content()).isEqualTo("bee");
        assertThat(Files.readString(ctx.resolve("Dockerfile"))).isEqualTo("FROM base:7\n");

        Path outside = Files.writeString(ctx.getParent().resolve(ctx.getFileName() + ".Dockerfile"), "FROM base:7\n");
        try {
            Map<String, Entry> sent = read(
                    BuildContext.of(ctx, outside).withDockerfileContent(pinned).open());
            assertThat(sent.get(BuildContext.OUTSIDE_DOCKERFILE).content()).isEqualTo(pinned);
        } finally {
            Files.delete(outside);
        }
    }
}
