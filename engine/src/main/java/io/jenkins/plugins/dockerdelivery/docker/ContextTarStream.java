package io.jenkins.plugins.dockerdelivery.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The build context as a tar, produced as it is read: a header, then the file's bytes straight from
 * its channel into the reader's buffer, then padding, entry after entry. No thread, no temporary
 * file, and memory flat whatever the context's size.
 *
 * <p>Entries come depth first in name order (deterministic), directories before their content, owner
 * 0:0, permissions and modification times kept, symbolic links stored as links. Names over 100 bytes
 * or not ASCII use a PAX header.
 */
final class ContextTarStream extends InputStream {
    private static final int BLOCK = 512;
    private static final byte[] ZEROS = new byte[2 * BLOCK];

    private final BuildContext context;
    private final Deque<Iterator<Path>> walk = new ArrayDeque<>();
    private boolean outsideDockerfilePending;

    private byte[] pending = new byte[0]; // header, PAX record or padding not yet read
    private int pendingAt;
    private FileChannel file;
    private String filePath;
    private long fileRemaining;
    private long filePadding;
    private boolean finished;
    private boolean closed;

    ContextTarStream(BuildContext context) {
        this.context = context;
        this.outsideDockerfilePending = context.dockerfileInTar().equals(BuildContext.OUTSIDE_DOCKERFILE);
        walk.push(sortedChildren(context.root()));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the build context stream is closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (pendingAt < pending.length) {
                int n = Math.min(len, pending.length - pendingAt);
                System.arraycopy(pending, pendingAt, b, off, n);
                pendingAt += n;
                return n;
            }
            if (file != null) {
                if (fileRemaining > 0) {
                    int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, fileRemaining)));
                    if (n < 0) {
                        throw changed(filePath, "shrank");
                    }
                    fileRemaining -= n;
                    return n;
                }
                file.close();
                file = null;
                setPending(new byte[(int) filePadding]);
                continue;
            }
            if (finished) {
                return -1;
            }
            if (!nextEntry()) {
                finished = true;
                setPending(ZEROS);
            }
        }
    }

    /** Where {@link #sendTo} puts the tar: small pieces as bytes, file contents as channels. */
    interface Sink {
        void bytes(byte[] bytes, int offset, int length) throws IOException;

        /** Sends {@code size} bytes of {@code file} from its start; false when the file ended early. */
        boolean file(FileChannel file, long size) throws IOException;
    }

    /**
     * Sends the whole tar to {@code sink}, handing over file contents as channels so that a socket
     * sink can use {@link FileChannel#transferTo} (sendfile on Linux) instead of copying them through
     * the heap. Same entries, same bytes as reading this stream.
     */
    void sendTo(Sink sink) throws IOException {
        while (true) {
            if (pendingAt < pending.length) {
                sink.bytes(pending, pendingAt, pending.length - pendingAt);
                pendingAt = pending.length;
                continue;
            }
            if (file != null) {
                if (fileRemaining > 0 && !sink.file(file, fileRemaining)) {
                    throw changed(filePath, "shrank");
                }
                fileRemaining = 0;
                file.close();
                file = null;
                setPending(new byte[(int) filePadding]);
                continue;
            }
            if (finished) {
                return;
            }
            if (!nextEntry()) {
                finished = true;
                setPending(ZEROS);
            }
        }
    }

    private void setPending(byte[] bytes) {
        pending = bytes;
        pendingAt = 0;
    }

    /** Prepares the next entry's header (and opens its file); false at the end of the walk. */
    private boolean nextEntry() throws IOException {
        if (outsideDockerfilePending) {
            outsideDockerfilePending = false;
            addFile(
                    context.dockerfile(),
                    BuildContext.OUTSIDE_DOCKERFILE,
                    attributes(context.dockerfile(), "the Dockerfile"));
            return true;
        }
        while (!walk.isEmpty()) {
            Iterator<Path> level = walk.peek();
            if (!level.hasNext()) {
                walk.pop();
                continue;
            }
            Path path = level.next();
            String name = context.root().relativize(path).toString().replace('\\', '/');
            BasicFileAttributes attrs = attributes(path, name);
            boolean keep = name.equals(context.dockerfileInTar()) || name.equals(".dockerignore");
            boolean excluded = !keep && context.ignore().excludes(name);
            if (attrs.isDirectory()) {
                if (excluded && context.ignore().mayPrune(name)) {
                    continue;
                }
                walk.push(sortedChildren(path));
                if (excluded) {
                    continue; // walked for re-included content, but not itself sent
                }
                setPending(header(name + "/", '5', mode(attrs, 0755), 0, attrs, null));
                return true;
            }
            if (excluded) {
                continue;
            }
            if (attrs.isSymbolicLink()) {
                String target = Files.readSymbolicLink(path).toString();
                setPending(header(name, '2', 0777, 0, attrs, target));
                return true;
            }
            if (attrs.isRegularFile()) {
                addFile(path, name, attrs);
                return true;
            }
            // sockets, devices, pipes: not sent, as with docker build
        }
        return false;
    }

    private void addFile(Path path, String name, BasicFileAttributes attrs) throws IOException {
        byte[] replaced = context.dockerfileContent();
        if (replaced != null && name.equals(context.dockerfileInTar())) {
            // the Dockerfile's entry with the content to build (pinned bases), not the file's bytes
            byte[] header = header(name, '0', mode(attrs, 0644), replaced.length, attrs, null);
            int padding = (BLOCK - replaced.length % BLOCK) % BLOCK;
            byte[] entry = new byte[header.length + replaced.length + padding];
            System.arraycopy(header, 0, entry, 0, header.length);
            System.arraycopy(replaced, 0, entry, header.length, replaced.length);
            setPending(entry);
            return;
        }
        try {
            file = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw vanished(name, e);
        } catch (AccessDeniedException e) {
            throw unreadable(name, e);
        }
        filePath = name;
        fileRemaining = attrs.size();
        filePadding = (BLOCK - attrs.size() % BLOCK) % BLOCK;
        setPending(header(name, '0', mode(attrs, 0644), attrs.size(), attrs, null));
    }

    private BasicFileAttributes attributes(Path path, String name) throws IOException {
        try {
            try {
                return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException e) {
                return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (NoSuchFileException e) {
            throw vanished(name, e);
        } catch (AccessDeniedException e) {
            throw unreadable(name, e);
        }
    }

    private Iterator<Path> sortedChildren(Path dir) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        } catch (NoSuchFileException e) {
            throw vanished(context.root().relativize(dir).toString(), e);
        } catch (AccessDeniedException e) {
            throw unreadable(context.root().relativize(dir).toString(), e);
        } catch (IOException e) {
            throw new BuildContextException(
                    "Cannot list the build context directory '" + dir + "': " + e.getMessage(), e);
        }
        children.sort(
                (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return children.iterator();
    }

    private static int mode(BasicFileAttributes attrs, int fallback) {
        if (!(attrs instanceof PosixFileAttributes posix)) {
            return fallback;
        }
        Set<PosixFilePermission> perms = posix.permissions();
        int mode = 0;
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if (perms.contains(p)) {
                mode |= 1 << (8 - p.ordinal());
            }
        }
        return mode;
    }

    // --- tar headers ---------------------------------------------------------------------------

    private static byte[] header(
            String name, char type, int mode, long size, BasicFileAttributes attrs, String linkTarget) {
        StringBuilder pax = new StringBuilder();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean longName = nameBytes.length > 100 || !isAscii(name);
        byte[] linkBytes = linkTarget == null ? new byte[0] : linkTarget.getBytes(StandardCharsets.UTF_8);
        boolean longLink = linkBytes.length > 100 || (linkTarget != null && !isAscii(linkTarget));
        boolean bigSize = size > 077777777777L;
        if (longName) {
            pax.append(paxRecord("path", name));
        }
        if (longLink) {
            pax.append(paxRecord("linkpath", linkTarget));
        }
        if (bigSize) {
            pax.append(paxRecord("size", Long.toString(size)));
        }
        long mtime = attrs.lastModifiedTime().toMillis() / 1000;
        byte[] main = ustar(
                longName ? truncatedAscii(name) : nameBytes,
                type,
                mode,
                bigSize ? 0 : size,
                mtime,
                longLink ? truncatedAscii(linkTarget) : linkBytes);
        if (pax.length() == 0) {
            return main;
        }
        byte[] records = pax.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (records.length + BLOCK - 1) / BLOCK * BLOCK;
        byte[] out = new byte[BLOCK + padded + BLOCK];
        System.arraycopy(
                ustar(truncatedAscii("PaxHeaders/" + name), 'x', 0644, records.length, mtime, new byte[0]),
                0,
                out,
                0,
                BLOCK);
        System.arraycopy(records, 0, out, BLOCK, records.length);
        System.arraycopy(main, 0, out, BLOCK + padded, BLOCK);
        return out;
    }

    private static byte[] ustar(byte[] name, char type, int mode, long size, long mtime, byte[] link) {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0); // uid
        octal(h, 116, 8, 0); // gid
        octal(h, 124, 12, size);
        octal(h, 136, 12, Math.max(0, mtime));
        h[156] = (byte) type;
        System.arraycopy(link, 0, h, 157, Math.min(100, link.length));
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum); // six digits and a NUL, then the space already there
        return h;
    }

    /** Writes {@code value} as zero-padded octal filling {@code length - 1} bytes, then a NUL. */
    private static void octal(byte[] h, int at, int length, long value) {
        String digits = Long.toOctalString(value);
        int width = length - 1;
        for (int i = 0; i < width; i++) {
            int fromEnd = width - 1 - i;
            h[at + i] = (byte) (fromEnd < digits.length() ? digits.charAt(digits.length() - 1 - fromEnd) : '0');
        }
        h[at + width] = 0;
    }

    private static String paxRecord(String key, String value) {
        int payload = key.length() + value.getBytes(StandardCharsets.UTF_8).length + 3; // ' ', '=', '\n'
        int length = payload + Integer.toString(payload).length();
        if (Integer.toString(length).length() != Integer.toString(payload).length()) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    private static byte[] truncatedAscii(String s) {
        byte[] bytes = s.replaceAll("[^\\x20-\\x7e]", "_").getBytes(StandardCharsets.US_ASCII);
        return bytes.length > 100 ? java.util.Arrays.copyOf(bytes, 100) : bytes;
    }

    // --- errors --------------------------------------------------------------------------------

    private static BuildContextException vanished(String name, Exception e) {
        return new BuildContextException(
                "The build context file '" + name + "' vanished while it was being sent."
                        + " Is something else writing to the context directory during the build?",
                e);
    }

    private static BuildContextException unreadable(String name, Exception e) {
        return new BuildContextException(
                "The build context file '" + name + "' cannot be read (permission denied)."
                        + " Make it readable, or exclude it in .dockerignore.",
                e);
    }

    private static BuildContextException changed(String name, String how) {
        return new BuildContextException(
                "The build context file '" + name + "' " + how + " while it was being sent."
                        + " Is something else writing to the context directory during the build?",
                null);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
