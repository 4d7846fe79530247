package io.jenkins.plugins.dockerdelivery.graph;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileAnalysis;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileAnalyzer;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + " is not a directory");
        }
        List<Producer> producers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file :
                    files.filter(DirectoryScanner::isDockerfile).sorted().toList()) {
                producers.add(producer(root, file, buildArgs));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ImageGraph.of(producers);
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

    private static Producer producer(Path root, Path dockerfile, Map<String, String> overrides) throws IOException {
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
                        Files.readString(settingsFile, StandardCharsets.UTF_8))
                : ProducerSettings.none();
        DockerfileAnalysis analysis = DockerfileAnalyzer.analyze(
                root.relativize(dockerfile).toString(),
                Files.readString(dockerfile, StandardCharsets.UTF_8),
                settings.buildArgs(overrides));
        List<ImageReference> images = settings.images().isEmpty()
                ? List.of(defaultImage(id))
                : settings.images(root.relativize(settingsFile).toString(), overrides);
        return new Producer(id, images, analysis.externalBases(settings.target()));
    }

    private static ImageReference defaultImage(String id) {
        String name = id.toLowerCase(Locale.ROOT)
                .replaceAll("\\.?dockerfile\\.?", "")
                .replaceAll("[^a-z0-9/._-]", "-")
                .replaceAll("^[._/-]+|[._/-]+$", "");
        return ImageReference.parse((name.isEmpty() ? "root" : name) + ":latest");
    }
}
