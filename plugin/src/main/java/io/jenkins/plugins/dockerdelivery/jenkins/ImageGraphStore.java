package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.listeners.ItemListener;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.graph.ImageGraph;
import io.jenkins.plugins.dockerdelivery.graph.Producer;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The base-image graph of this Jenkins: each job that pushed images is a producer of those images,
 * built FROM the bases its Dockerfile names. Recorded by {@code dockerBuildPush}, kept as the engine's
 * JSON in {@code $JENKINS_HOME/docker-delivery-graph.json}, and kept in step with renamed, moved and
 * deleted jobs.
 */
@Extension
public class ImageGraphStore {
    private static final Logger LOGGER = Logger.getLogger(ImageGraphStore.class.getName());
    static final String FILE = "docker-delivery-graph.json";

    private ImageGraph graph;

    public static ImageGraphStore get() {
        return ExtensionList.lookupSingleton(ImageGraphStore.class);
    }

    public synchronized ImageGraph graph() {
        if (graph == null) {
            graph = load();
        }
        return graph;
    }

    /** {@code graph} without the producers (jobs) the current user may not see. */
    static ImageGraph visible(ImageGraph graph) {
        return ImageGraph.of(graph.producers().stream()
                .filter(p -> ReadableItems.get(p.id(), Item.class) != null)
                .toList());
    }

    /**
     * A job built {@code images} FROM {@code bases}: added to what it recorded before (another image
     * of the same job stays), or in place of it when these are all of its images ({@link
     * Producer#updatedWith}).
     */
    public synchronized void record(String job, List<String> images, List<String> bases) throws IOException {
        Producer producer = new Producer(
                job,
                images.stream().map(ImageReference::parse).toList(),
                bases.stream().map(ImageReference::parse).toList());
        Producer before = graph().producer(job);
        graph = graph().with(before == null ? producer : before.updatedWith(producer));
        save();
    }

    synchronized void rename(String oldName, String newName) throws IOException {
        Producer old = graph().producer(oldName);
        if (old != null) {
            graph = graph().without(oldName).with(new Producer(newName, old.images(), old.bases()));
            save();
        }
    }

    synchronized void remove(String job) throws IOException {
        if (graph().producer(job) != null) {
            graph = graph().without(job);
            save();
        }
    }

    private static Path file() {
        return Jenkins.get().getRootDir().toPath().resolve(FILE);
    }

    private static ImageGraph load() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return ImageGraph.empty();
        }
        try {
            return ImageGraph.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | DeliveryException e) {
            LOGGER.log(
                    Level.WARNING,
                    "Cannot read " + file + "; starting with an empty image graph (builds will record it again)",
                    e);
            return ImageGraph.empty();
        }
    }

    private void save() throws IOException {
        Path file = file();
        Path temporary = file.resolveSibling(FILE + ".tmp");
        Files.writeString(temporary, graph.toJson(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Keeps producers named after their jobs. */
    @Extension
    public static class JobListener extends ItemListener {
        @Override
        public void onDeleted(Item item) {
            if (item instanceof Job<?, ?> job) {
                try {
                    get().remove(job.getFullName());
                } catch (IOException e) {
                    LOGGER.log(Level.WARNING, "Cannot update the image graph after deleting " + job.getFullName(), e);
                }
            }
        }

        @Override
        public void onLocationChanged(Item item, String oldFullName, String newFullName) {
            if (item instanceof Job<?, ?>) {
                try {
                    get().rename(oldFullName, newFullName);
                } catch (IOException e) {
                    LOGGER.log(Level.WARNING, "Cannot update the image graph after moving " + oldFullName, e);
                }
            }
        }
    }
}
