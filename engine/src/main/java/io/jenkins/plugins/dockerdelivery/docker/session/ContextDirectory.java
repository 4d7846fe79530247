package io.jenkins.plugins.dockerdelivery.docker.session;

import io.jenkins.plugins.dockerdelivery.docker.DockerIgnore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The build context directory as the daemon's {@code context} source. The engine's own ignore rules
 * (a {@code <Dockerfile>.dockerignore} or the context's {@code .dockerignore}) are applied to every
 * request, as the docker CLI applies the excludes it read; the patterns the daemon sends replace them
 * only with {@code override-excludes}, or where the engine has none.
 */
final class ContextDirectory implements SyncSource {
    private final Path root;
    private final DockerIgnore ignore;
    private final ContextWalker walker;

    ContextDirectory(Path root, DockerIgnore ignore) {
        this.root = root;
        this.ignore = ignore;
        this.walker = new ContextWalker(root);
    }

    @Override
    public SyncFilter filter(
            List<String> includes, List<String> followPaths, List<String> excludes, boolean overrideExcludes) {
        DockerIgnore rules = ignore;
        if (overrideExcludes || ignore.isEmpty()) {
            rules = excludes.isEmpty()
                    ? DockerIgnore.none()
                    : DockerIgnore.parse("the daemon's exclude patterns", String.join("\n", excludes));
        }
        return SyncFilter.of(root, includes, followPaths, rules);
    }

    @Override
    public void walk(SyncFilter filter, Visitor visitor) throws IOException {
        walker.walk(filter, visitor);
    }

    @Override
    public ReadableByteChannel open(String path) throws IOException {
        return FileChannel.open(root.resolve(path), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
