package io.jenkins.plugins.dockerdelivery.docker.session;

import io.jenkins.plugins.dockerdelivery.docker.BuildContextException;
import io.jenkins.plugins.dockerdelivery.docker.DockerIgnore;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Stat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Walks a context directory in the order DiffCopy's receiver checks: depth first, a directory before
 * its children, names within a directory in UTF-8 byte order. One directory's names are held at a
 * time, so memory follows the widest directory, not the tree.
 *
 * <p>Owner and group are sent as 0, as the docker CLI does: the daemon compares them with what it
 * reads back, and any other value would make every build re-send everything. Sockets are skipped.
 *
 * <p>Hard links stay hard links, as fsutil sends them: the first path of a file walked holds its
 * content, every later path to the same file is sent with that first path as its link name and size 0,
 * and the daemon links it instead of asking for the bytes again.
 */
final class ContextWalker {
    private static final String ATTRIBUTES = "unix:mode,size,lastModifiedTime,rdev,dev,ino,nlink";

    /** A file, whatever its paths: a second path to one is a hard link. */
    private record Inode(long device, long number) {}

    private final Path root;

    ContextWalker(Path root) {
        this.root = root;
    }

    void walk(SyncFilter filter, SyncSource.Visitor visitor) throws IOException {
        // only files with more than one link are kept, so this stays small whatever the context's size
        Map<Inode, String> firstPaths = new HashMap<>();
        walk(root, "", filter.root(), filter, !filter.hasIncludes(), firstPaths, visitor);
    }

    private void walk(
            Path dir,
            String relative,
            DockerIgnore.Parents parents,
            SyncFilter filter,
            boolean allIncluded,
            Map<Inode, String> firstPaths,
            SyncSource.Visitor visitor)
            throws IOException {
        for (Entry entry : sortedChildren(dir)) {
            String path = relative.isEmpty() ? entry.name : relative + "/" + entry.name;
            Path file = dir.resolve(entry.name);
            Map<String, Object> attributes;
            try {
                attributes = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                continue; // deleted while walking: as if it never was
            }
            int mode = GoFileMode.fromUnix((Integer) attributes.get("mode"));
            boolean directory = (mode & GoFileMode.DIR) != 0;
            if ((mode & GoFileMode.SOCKET) != 0) {
                continue;
            }
            boolean included = allIncluded;
            if (!included) {
                SyncFilter.Inclusion inclusion = filter.inclusion(path);
                if (inclusion == SyncFilter.Inclusion.NONE) {
                    continue;
                }
                included = inclusion == SyncFilter.Inclusion.FULL && directory;
            }
            if (filter.excluded(path, parents) && !(directory && filter.mustEnterExcluded(path))) {
                continue;
            }
            Stat stat = stat(file, path, mode, attributes);
            // a symlink keeps its own target even when linked twice, as in fsutil (cp -al links symlinks too)
            boolean symlink = (mode & GoFileMode.SYMLINK) != 0;
            if (!directory && !symlink && (Integer) attributes.get("nlink") > 1) {
                Inode inode = new Inode((Long) attributes.get("dev"), (Long) attributes.get("ino"));
                String first = firstPaths.putIfAbsent(inode, path);
                if (first != null) {
                    stat = stat.toBuilder().setLinkname(first).setSize(0).build();
                }
            }
            visitor.entry(stat);
            if (directory) {
                walk(file, path, filter.enter(parents, path), filter, included, firstPaths, visitor);
            }
        }
    }

    static Stat stat(Path file, String path, int mode, Map<String, Object> attributes) throws IOException {
        Stat.Builder stat = Stat.newBuilder()
                .setPath(path)
                .setMode(mode)
                .setModTime(((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
        if ((mode & GoFileMode.DIR) == 0) {
            stat.setSize((Long) attributes.get("size"));
        }
        if ((mode & GoFileMode.SYMLINK) != 0) {
            String target = Files.readSymbolicLink(file).toString();
            stat.setLinkname(target).setSize(target.getBytes(StandardCharsets.UTF_8).length);
        }
        if ((mode & GoFileMode.DEVICE) != 0) {
            long rdev = (Long) attributes.get("rdev");
            stat.setDevmajor(((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
            stat.setDevminor((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
        }
        return stat.build();
    }

    private record Entry(String name, byte[] bytes) {}

    private static List<Entry> sortedChildren(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                entries.add(new Entry(name, name.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new BuildContextException(
                    "Cannot read the directory " + dir + " of the build context: " + e.getMessage(), e);
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a.bytes, b.bytes));
        return entries;
    }
}
