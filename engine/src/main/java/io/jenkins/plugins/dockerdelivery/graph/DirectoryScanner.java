package io.jenkins.plugins.dockerdelivery.graph;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.TextFiles;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileAnalysis;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileAnalyzer;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the graph of a source tree: one producer per Dockerfile. A file named {@code Dockerfile} is
 * the producer of its directory (id: the directory's path in the tree) and reads {@code
 * docker-delivery.yaml} beside it; {@code NAME.Dockerfile} or {@code Dockerfile.NAME} is a producer of
 * its own (id: the file's path) and reads {@code <file name>.docker-delivery.yaml}. Without settings
 * a producer produces {@code <its id>:latest}.
 */
public final class DirectoryScanner {
    private DirectoryScanner() {}

    public static ImageGraph scan(Path root) {
        return scan(root, Map.of());
    }

    /** Scans with {@code buildArgs} overriding every producer's own (as {@code --build-arg} would). */
    public static ImageGraph scan(Path root, Map<String, String> buildArgs) {
        return scan(root, buildArgs, ProgressListener.NONE);
    }

    /**
     * Scans, warning {@code listener} of what is read but suspicious: a Dockerfile that is not all
     * UTF-8 (read as BuildKit reads it), two producers of one image.
     */
    public static ImageGraph scan(Path root, Map<String, String> buildArgs, ProgressListener listener) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + " is not a directory");
        }
        List<Producer> producers = new ArrayList<>();
        List<Path> dockerfiles;
        try (Stream<Path> files = Files.walk(root)) {
            dockerfiles = files.filter(DirectoryScanner::isDockerfile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException("Cannot scan " + root + ": " + e.getMessage(), e);
        }
        for (Path file : dockerfiles) {
            producers.add(producer(root, file, buildArgs, listener));
        }
        ImageGraph graph = ImageGraph.of(producers);
        graph.imagesWithSeveralProducers()
                .forEach((image, ids) -> listener.warn(image.familiar() + " is produced by " + String.join(" and ", ids)
                        + ": a rebuild of its dependents cannot know which one built it"));
        return graph;
    }

    static boolean isDockerfile(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String name = file.getFileName().toString();
        if (name.endsWith(ProducerSettings.FILE_NAME) || name.endsWith(".dockerignore")) {
            return false;
        }
        return name.equals("Dockerfile") || name.endsWith(".Dockerfile") || name.startsWith("Dockerfile.");
    }

    private static Producer producer(
            Path root, Path dockerfile, Map<String, String> overrides, ProgressListener listener) {
        boolean plain = dockerfile.getFileName().toString().equals("Dockerfile");
        Path relativeDir = root.relativize(dockerfile.getParent());
        String id = plain
                ? relativeDir.toString().replace('\\', '/')
                : root.relativize(dockerfile).toString().replace('\\', '/');
        if (id.isEmpty()) {
            id = ".";
        }
        Path settingsFile = plain
                ? dockerfile.resolveSibling(ProducerSettings.FILE_NAME)
                : dockerfile.resolveSibling(dockerfile.getFileName() + "." + ProducerSettings.FILE_NAME);
        ProducerSettings settings = Files.isRegularFile(settingsFile)
                ? ProducerSettings.parse(
                        root.relativize(settingsFile).toString(),
                        TextFiles.readUtf8(settingsFile, TextFiles.DEFAULT_LIMIT))
                : ProducerSettings.none();
        TextFiles.Text text = TextFiles.read(dockerfile, TextFiles.DEFAULT_LIMIT);
        if (text.firstBadLine() > 0) {
            listener.warn(TextFiles.notUtf8(root.relativize(dockerfile), text.firstBadLine())
                    + "; read with replacement characters there, as BuildKit reads it");
        }
        DockerfileAnalysis analysis = DockerfileAnalyzer.analyze(
                root.relativize(dockerfile).toString(), text.text(), settings.buildArgs(overrides));
        List<ImageReference> images = settings.images().isEmpty()
                ? List.of(defaultImage(id))
                : settings.images(root.relativize(settingsFile).toString(), overrides);
        return new Producer(id, images, analysis.externalBases(settings.target()));
    }

    /**
     * {@code <id>:latest}, the id made a valid repository name: lower case, and separators where a
     * name allows them (a directory {@code a..b} becomes {@code a-b}).
     */
    static ImageReference defaultImage(String id) {
        String name = id.toLowerCase(Locale.ROOT)
                .replaceAll("\\.?dockerfile\\.?", "")
                .replaceAll("[^a-z0-9/._-]", "-")
                .replaceAll("/[._-]+|[._-]+/", "/") // a path component starts and ends with a letter or digit
                .replaceAll("/{2,}", "/")
                .replaceAll("(?:[._-]{2,})", "-") // only single separators (or -- runs) between them
                .replaceAll("^[._/-]+|[._/-]+$", "");
        return ImageReference.parse((name.isEmpty() ? "root" : name) + ":latest");
    }
}
