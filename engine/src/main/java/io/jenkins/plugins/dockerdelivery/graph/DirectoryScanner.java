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
import java.util.LinkedHashMap;
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
        List<Producer> producers = new ArrayList<>();
        for (ProducerSource source : sources(root).values()) {
            producers.add(source.producer(buildArgs, listener));
        }
        ImageGraph graph = ImageGraph.of(producers);
        graph.imagesWithSeveralProducers()
                .forEach((image, ids) -> listener.warn(image.familiar() + " is produced by " + String.join(" and ", ids)
                        + ": a rebuild of its dependents cannot know which one built it"));
        return graph;
    }

    /** Every producer of the tree, by id, with where its Dockerfile and settings are. */
    public static Map<String, ProducerSource> sources(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + " is not a directory");
        }
        List<Path> dockerfiles;
        try (Stream<Path> files = Files.walk(root)) {
            dockerfiles = files.filter(DirectoryScanner::isDockerfile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException("Cannot scan " + root + ": " + e.getMessage(), e);
        }
        Map<String, ProducerSource> sources = new LinkedHashMap<>();
        for (Path file : dockerfiles) {
            ProducerSource source = source(root, file);
            sources.put(source.id(), source);
        }
        return sources;
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

    private static ProducerSource source(Path root, Path dockerfile) {
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
        String settingsName = root.relativize(settingsFile).toString();
        ProducerSettings settings = Files.isRegularFile(settingsFile)
                ? ProducerSettings.parse(settingsName, TextFiles.readUtf8(settingsFile, TextFiles.DEFAULT_LIMIT))
                : ProducerSettings.none();
        return new ProducerSource(
                id, dockerfile, root.relativize(dockerfile), settingsName, settings, defaultImage(id));
    }

    /**
     * Where a producer of a tree comes from: its Dockerfile and its settings.
     *
     * @param dockerfile the Dockerfile; its directory is the build context
     * @param dockerfileInTree its path in the tree, for messages
     * @param settingsName the path in the tree of its settings file (which may not exist)
     * @param defaultImage what it produces when its settings name no image
     */
    public record ProducerSource(
            String id,
            Path dockerfile,
            Path dockerfileInTree,
            String settingsName,
            ProducerSettings settings,
            ImageReference defaultImage) {

        /** The build context: the Dockerfile's directory. */
        public Path context() {
            return dockerfile.getParent();
        }

        /** Its build args: those of its settings, overridden by {@code overrides}. */
        public Map<String, String> buildArgs(Map<String, String> overrides) {
            return settings.buildArgs(overrides);
        }

        /** The images it produces, with the build args expanded. */
        public List<ImageReference> images(Map<String, String> overrides) {
            return settings.images().isEmpty() ? List.of(defaultImage) : settings.images(settingsName, overrides);
        }

        /** The producer in the graph: its images and the external bases of the stage it builds. */
        public Producer producer(Map<String, String> overrides, ProgressListener listener) {
            TextFiles.Text text = TextFiles.read(dockerfile, TextFiles.DEFAULT_LIMIT);
            if (text.firstBadLine() > 0) {
                listener.warn(TextFiles.notUtf8(dockerfileInTree, text.firstBadLine())
                        + "; read with replacement characters there, as BuildKit reads it");
            }
            DockerfileAnalysis analysis =
                    DockerfileAnalyzer.analyze(dockerfileInTree.toString(), text.text(), buildArgs(overrides));
            return new Producer(id, images(overrides), analysis.externalBases(settings.target()));
        }
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
