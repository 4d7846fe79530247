package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.docker.DockerIgnore;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Stat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextWalkerTest {
    @TempDir
    Path root;

    private List<Stat> walk(SyncFilter filter) throws IOException {
        List<Stat> stats = new ArrayList<>();
        new ContextWalker(root).walk(filter, stats::add);
        return stats;
    }

    private static List<String> paths(List<Stat> stats) {
        return stats.stream().map(Stat::getPath).toList();
    }

    private void file(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, path);
    }

    @Test
    void directoriesComeBeforeTheirChildrenAndNamesInByteOrder() throws IOException {
        file("a/x");
        file("a.txt");
        file("B");
        file("\u00e9t\u00e9");
        file("z");
        // "a" < "a.txt" (a prefix first), upper case before lower, UTF-8 bytes after ASCII
        assertThat(paths(walk(SyncFilter.everything())))
                .containsExactly("B", "a", "a/x", "a.txt", "z", "\u00e9t\u00e9");
    }

    @Test
    void metadataIsWhatTheDaemonCompares() throws IOException {
        file("dir/run.sh");
        Path script = root.resolve("dir/run.sh");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Instant time = Instant.parse("2024-05-06T07:08:09.123456789Z");
        Files.setLastModifiedTime(script, FileTime.from(time));
        Files.createSymbolicLink(root.resolve("link"), Path.of("dir/run.sh"));

        List<Stat> stats = walk(SyncFilter.everything());
        Stat dir = stats.get(0);
        assertThat(dir.getPath()).isEqualTo("dir");
        assertThat(dir.getMode() & GoFileMode.DIR).isNotZero();
        assertThat(dir.getSize()).isZero();
        Stat run = stats.get(1);
        assertThat(run.getMode()).isEqualTo(0750);
        assertThat(run.getSize()).isEqualTo("dir/run.sh".length());
        assertThat(run.getModTime()).isEqualTo(time.getEpochSecond() * 1_000_000_000L + time.getNano());
        assertThat(run.getUid()).isZero();
        assertThat(run.getGid()).isZero();
        Stat link = stats.get(2);
        assertThat(link.getMode() & GoFileMode.SYMLINK).isNotZero();
        assertThat(link.getLinkname()).isEqualTo("dir/run.sh");
        assertThat(link.getSize()).isEqualTo("dir/run.sh".length());
    }

    @Test
    void aSecondPathToAFileIsAHardLinkToTheFirstWalked() throws IOException {
        file("b/original.bin");
        Files.createLink(root.resolve("a-link.bin"), root.resolve("b/original.bin"));
        Files.createLink(root.resolve("c-link.bin"), root.resolve("b/original.bin"));
        file("single.txt");

        List<Stat> stats = walk(SyncFilter.everything());
        assertThat(paths(stats)).containsExactly("a-link.bin", "b", "b/original.bin", "c-link.bin", "single.txt");
        Stat first = stats.get(0);
        assertThat(first.getLinkname()).isEmpty();
        assertThat(first.getSize()).isEqualTo("b/original.bin".length());
        assertThat(stats.get(2).getLinkname()).isEqualTo("a-link.bin");
        assertThat(stats.get(2).getSize()).isZero();
        assertThat(stats.get(3).getLinkname()).isEqualTo("a-link.bin");
        assertThat(stats.get(3).getMode() & GoFileMode.SYMLINK).isZero();
        assertThat(stats.get(4).getLinkname()).isEmpty();
    }

    /** {@code cp -al} links the symlinks of a tree too: each keeps its own target, as fsutil sends it. */
    @Test
    void aSymlinkWithTwoNamesKeepsItsTarget() throws IOException {
        Files.createDirectories(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/lib"), Path.of("lib64"));
        Files.createDirectories(root.resolve("b"));
        Files.createLink(root.resolve("b/lib"), root.resolve("a/lib"));

        List<Stat> stats = walk(SyncFilter.everything());
        assertThat(paths(stats)).containsExactly("a", "a/lib", "b", "b/lib");
        for (Stat link : List.of(stats.get(1), stats.get(3))) {
            assertThat(link.getMode() & GoFileMode.SYMLINK).isNotZero();
            assertThat(link.getLinkname()).isEqualTo("lib64");
            assertThat(link.getSize()).isEqualTo("lib64".length());
        }
    }

    @Test
    void aLinkWhoseFirstPathIsExcludedCarriesTheContent() throws IOException {
        file("secret/original.bin");
        Files.createLink(root.resolve("kept.bin"), root.resolve("secret/original.bin"));
        DockerIgnore ignore = DockerIgnore.parse(".dockerignore", "secret\n");

        List<Stat> stats = walk(SyncFilter.of(root, List.of(), List.of(), ignore));
        assertThat(paths(stats)).containsExactly("kept.bin");
        assertThat(stats.get(0).getLinkname()).isEmpty();
        assertThat(stats.get(0).getSize()).isEqualTo("secret/original.bin".length());
    }

    @Test
    void excludesPruneAndReIncludesStillReachBelow() throws IOException {
        file("logs/a.log");
        file("logs/keep.log");
        file("src/main.c");
        file("build/out.o");
        DockerIgnore ignore = DockerIgnore.parse(".dockerignore", "logs\n!logs/keep.log\nbuild\n");
        assertThat(paths(walk(SyncFilter.of(root, List.of(), List.of(), ignore))))
                .containsExactly("logs", "logs/keep.log", "src", "src/main.c");
    }

    @Test
    void includePatternsEnterOnlyTheDirectoriesOnTheirWay() throws IOException {
        file(".dockerignore");
        file("Dockerfile");
        file("app/src/a.go");
        file("app/src/b.go");
        file("app/docs/readme");
        file("other/x");
        assertThat(paths(walk(SyncFilter.of(root, List.of(".dockerignore"), List.of(), DockerIgnore.none()))))
                .containsExactly(".dockerignore");
        assertThat(paths(walk(SyncFilter.of(root, List.of("app/src"), List.of(), DockerIgnore.none()))))
                .containsExactly("app", "app/src", "app/src/a.go", "app/src/b.go");
        assertThat(paths(walk(SyncFilter.of(root, List.of("app/*/a.go"), List.of(), DockerIgnore.none()))))
                .containsExactly("app", "app/docs", "app/src", "app/src/a.go");
    }

    @Test
    void followPathsResolveLinksInsideTheContext() throws IOException {
        file("real/Dockerfile");
        Files.createSymbolicLink(root.resolve("Dockerfile"), Path.of("real/Dockerfile"));
        file("unrelated");
        assertThat(SyncFilter.followLinks(root, List.of("Dockerfile")))
                .containsExactly("Dockerfile", "real/Dockerfile");
        assertThat(paths(walk(SyncFilter.of(root, List.of(), List.of("Dockerfile"), DockerIgnore.none()))))
                .containsExactly("Dockerfile", "real", "real/Dockerfile");
    }

    @Test
    void goFileModeCarriesTheTypeInHighBits() {
        assertThat(GoFileMode.fromUnix(0100644)).isEqualTo(0644);
        assertThat(GoFileMode.fromUnix(0040755)).isEqualTo(GoFileMode.DIR | 0755);
        assertThat(GoFileMode.fromUnix(0120777)).isEqualTo(GoFileMode.SYMLINK | 0777);
        assertThat(GoFileMode.fromUnix(0104755)).isEqualTo(GoFileMode.SETUID | 0755);
        assertThat(GoFileMode.fromUnix(0041777)).isEqualTo(GoFileMode.DIR | GoFileMode.STICKY | 0777);
        assertThat(GoFileMode.fromUnix(0020666)).isEqualTo(GoFileMode.DEVICE | GoFileMode.CHAR_DEVICE | 0666);
        assertThat(GoFileMode.fromUnix(0010644)).isEqualTo(GoFileMode.NAMED_PIPE | 0644);
    }

    @Test
    void goPathMatch() {
        assertThat(GoPathMatch.matches("*.go", "a.go")).isTrue();
        assertThat(GoPathMatch.matches("*.go", "src/a.go")).isFalse();
        assertThat(GoPathMatch.matches("src/?.go", "src/a.go")).isTrue();
        assertThat(GoPathMatch.matches("[^a]*", "abc")).isFalse();
        assertThat(GoPathMatch.matches("[a-c]x", "bx")).isTrue();
        assertThat(GoPathMatch.matches("a\\*b", "a*b")).isTrue();
        assertThat(GoPathMatch.matches("a.b", "axb")).isFalse();
    }
}
