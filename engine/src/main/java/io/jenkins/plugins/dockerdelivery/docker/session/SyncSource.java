package io.jenkins.plugins.dockerdelivery.docker.session;

import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Stat;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.List;

/** A tree the daemon may sync by name ({@code context}, {@code dockerfile}). */
interface SyncSource {

    /** Receives the entries of a walk, in DiffCopy order. */
    interface Visitor {
        void entry(Stat stat) throws IOException;
    }

    /** The filter for one request, from its include patterns, follow paths and exclude patterns. */
    SyncFilter filter(List<String> includes, List<String> followPaths, List<String> excludes, boolean overrideExcludes);

    /** Walks what {@code filter} lets through: a directory before its children, names in byte order. */
    void walk(SyncFilter filter, Visitor visitor) throws IOException;

    /** The content of the regular file at {@code path}, as walked. */
    ReadableByteChannel open(String path) throws IOException;
}
