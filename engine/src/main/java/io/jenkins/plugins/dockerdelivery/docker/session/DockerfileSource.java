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
 * modification time is the moment of the session, so the daemon never keeps an older content of the
 * same size.
 */
final class DockerfileSource implements SyncSource {
    private static final int MODE = 0644;

    private final String name;
    private final byte[] content;
    private final long modTimeNanos;

    DockerfileSource(String name, byte[] content) {
        this.name = name;
        this.content = content.clone();
        java.time.Instant now = java.time.Instant.now();
        this.modTimeNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
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
