package io.jenkins.plugins.dockerdelivery.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import io.jenkins.plugins.dockerdelivery.graph.GraphRenderer;
import io.jenkins.plugins.dockerdelivery.graph.ImageGraph;
import io.jenkins.plugins.dockerdelivery.graph.Producer;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jenkins.model.TransientActionFactory;

/**
 * "Docker images" on a job that pushed images with {@code dockerBuildPush}: what it builds, what that is
 * built FROM, and which jobs build FROM it, drawn around the job.
 */
public class JobImagesAction implements Action {
    private final Job<?, ?> job;

    JobImagesAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return Texts.get("JobImagesAction.DisplayName");
    }

    @Override
    public String getUrlName() {
        return "docker-images";
    }

    public Producer getProducer() {
        return ImageGraphStore.get().graph().producer(job.getFullName());
    }

    /** The job's part of the graph, without producers the current user may not see. */
    public ImageGraph getGraph() {
        return ImageGraphStore.visible(ImageGraphStore.get().graph().around(job.getFullName(), MatchLevel.TAG));
    }

    /** The picture, the job's own images in colour. */
    public String getSvg() {
        Producer producer = getProducer();
        return GraphRenderer.svg(getGraph(), producer == null ? Set.of() : new HashSet<>(producer.images()));
    }

    /** Other jobs in the picture, for links. */
    public List<Producer> getRelated() {
        return getGraph().producers().stream()
                .filter(p -> !p.id().equals(job.getFullName()))
                .toList();
    }

    public Item item(String id) {
        return ReadableItems.get(id, Item.class);
    }

    /** Adds the page to every job that is a producer in the graph. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            return ImageGraphStore.get().graph().producer(target.getFullName()) == null
                    ? List.of()
                    : List.of(new JobImagesAction(target));
        }
    }
}
