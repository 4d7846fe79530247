package io.jenkins.plugins.dockerdelivery.docker.session;

import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Stat;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.List;

/**
 * The daemon's {@code dockerfile} source: one file, served from memory, so the Dockerfile may live
 * outside the context or be content the engine wrote (a Dockerfile with its bases pinned). Its
 * modification time is made from its content: the daemon keeps the last Dockerfile it received and
 * asks for the bytes again only when size or time differ, so the same Dockerfile is not sent again
 * (one round trip less on every rebuild), and other content of the same size has another time.
 */
final class DockerfileSource implements SyncSource {
    private static final int MODE = 0644;

    private final String name;
    private final byte[] content;
    private final long modTimeNanos;

    DockerfileSource(String name, byte[] content) {
        this.name = name;
        this.content = content.clone();
        this.modTimeNanos = modTimeOf(content);
    }

    /** 62 bits of the content's SHA-256 as nanoseconds since 1970: a valid time, the same for the same bytes. */
    static long modTimeOf(byte[] content) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(content);
            return java.nio.ByteBuffer.wrap(hash).getLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public SyncFilter filter(
            List<String> includes, List<String> followPaths, List<String> excludes, boolean overrideExcludes) {
        return SyncFilter.of(null, includes, followPaths, io.jenkins.plugins.dockerdelivery.docker.DockerIgnore.none());
    }

    @Override
    public void walk(SyncFilter filter, Visitor visitor) throws IOException {
        if (filter.inclusion(name) != SyncFilter.Inclusion.NONE) {
            visitor.entry(Stat.newBuilder()
                    .setPath(name)
                    .setMode(MODE)
                    .setSize(content.length)
                    .setModTime(modTimeNanos)
                    .build());
        }
    }

    @Override
    public ReadableByteChannel open(String path) throws IOException {
        if (!path.equals(name)) {
            throw new FileNotFoundException(path);
        }
        return Channels.newChannel(new ByteArrayInputStream(content));
    }
}
