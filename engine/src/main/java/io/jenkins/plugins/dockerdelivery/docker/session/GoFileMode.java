package io.jenkins.plugins.dockerdelivery.docker.session;

/**
 * Go's {@code os.FileMode}, which is what fsutil's {@code Stat.mode} carries: the permission bits
 * plus one high bit per file type, instead of {@code st_mode}'s type field.
 */
final class GoFileMode {
    static final int DIR = 1 << 31;
    static final int SYMLINK = 1 << 27;
    static final int DEVICE = 1 << 26;
    static final int NAMED_PIPE = 1 << 25;
    static final int SOCKET = 1 << 24;
    static final int SETUID = 1 << 23;
    static final int SETGID = 1 << 22;
    static final int CHAR_DEVICE = 1 << 21;
    static final int STICKY = 1 << 20;

    private static final int S_IFMT = 0170000;

    private GoFileMode() {}

    /** Converts a Unix {@code st_mode}. */
    static int fromUnix(int stMode) {
        int mode = stMode & 0777;
        switch (stMode & S_IFMT) {
            case 0040000 -> mode |= DIR;
            case 0120000 -> mode |= SYMLINK;
            case 0010000 -> mode |= NAMED_PIPE;
            case 0140000 -> mode |= SOCKET;
            case 0020000 -> mode |= DEVICE | CHAR_DEVICE;
            case 0060000 -> mode |= DEVICE;
            default -> {
                // a regular file: no type bit
            }
        }
        if ((stMode & 04000) != 0) {
            mode |= SETUID;
        }
        if ((stMode & 02000) != 0) {
            mode |= SETGID;
        }
        if ((stMode & 01000) != 0) {
            mode |= STICKY;
        }
        return mode;
    }

    static boolean isRegular(int goMode) {
        return (goMode & (DIR | SYMLINK | DEVICE | NAMED_PIPE | SOCKET)) == 0;
    }
}
