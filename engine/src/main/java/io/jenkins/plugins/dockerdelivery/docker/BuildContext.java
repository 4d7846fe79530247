package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.TextFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build context directory and its Dockerfile, ready to be streamed to the daemon as a tar: {@link
 * #open()} returns a fresh stream each time (a retry or a builder fallback sends it again). Nothing is
 * staged on disk or in memory.
 *
 * <p>A Dockerfile outside the context is sent inside the tar under {@link #OUTSIDE_DOCKERFILE}, as the
 * docker CLI does. A {@code <Dockerfile>.dockerignore} beside the Dockerfile takes precedence over the
 * context's {@code .dockerignore}, as with BuildKit.
 */
public final class BuildContext {
    static final String OUTSIDE_DOCKERFILE = ".dockerfile.docker-delivery";

    private final Path root;
    private final Path dockerfile;
    private final String dockerfileInTar;
    private final DockerIgnore ignore;
    private final byte[] dockerfileContent;

    private BuildContext(
            Path root, Path dockerfile, String dockerfileInTar, DockerIgnore ignore, byte[] dockerfileContent) {
        this.root = root;
        this.dockerfile = dockerfile;
        this.dockerfileInTar = dockerfileInTar;
        this.ignore = ignore;
        this.dockerfileContent = dockerfileContent;
    }

    /**
     * @param contextDir the build context
     * @param dockerfile the Dockerfile; null for {@code Dockerfile} in the context; a relative path is
     *     relative to the context, as with {@code docker build -f}
     */
    public static BuildContext of(Path contextDir, Path dockerfile) {
        Path root = contextDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("The build context " + contextDir + " is not a directory");
        }
        Path file = dockerfile == null
                ? root.resolve("Dockerfile")
                : root.resolve(dockerfile).normalize();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("No Dockerfile at " + file
                    + (dockerfile == null ? ": add one, or name it with --file / dockerfile:" : ""));
        }
        String inTar = file.startsWith(root) ? root.relativize(file).toString().replace('\\', '/') : OUTSIDE_DOCKERFILE;
        return new BuildContext(root, file, inTar, readIgnore(root, file), null);
    }

    private static DockerIgnore readIgnore(Path root, Path dockerfile) {
        Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        Path ignoreFile = Files.isRegularFile(specific) ? specific : root.resolve(".dockerignore");
        if (!Files.isRegularFile(ignoreFile)) {
            return DockerIgnore.none();
        }
        // strict: a pattern read with a replacement character would silently send what it should exclude
        return DockerIgnore.parse(ignoreFile.toString(), TextFiles.readUtf8(ignoreFile, TextFiles.DEFAULT_LIMIT));
    }

    public Path root() {
        return root;
    }

    public Path dockerfile() {
        return dockerfile;
    }

    /** The Dockerfile's path inside the tar: what the build API's {@code dockerfile} parameter names. */
    public String dockerfileInTar() {
        return dockerfileInTar;
    }

    /**
     * This context with the Dockerfile's entry holding {@code content} instead of the file's bytes
     * (a Dockerfile with pinned bases, say); same name, same place, same {@code .dockerignore}.
     */
    public BuildContext withDockerfileContent(String content) {
        return new BuildContext(root, dockerfile, dockerfileInTar, ignore, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes that replace the Dockerfile's in the tar, or null to send the file. */
    byte[] dockerfileContent() {
        return dockerfileContent;
    }

    public DockerIgnore ignore() {
        return ignore;
    }

    /** A new tar stream of the context. Errors reading a file surface as {@link BuildContextException}. */
    public InputStream open() {
        return new ContextTarStream(this);
    }

    /** The same tar, as a stream that can also hand file contents over as channels. */
    ContextTarStream openForSending() {
        return new ContextTarStream(this);
    }
}
