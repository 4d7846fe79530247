package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.Extension;
import hudson.model.Item;
import hudson.model.RootAction;
import io.jenkins.plugins.dockerdelivery.graph.GraphRenderer;
import io.jenkins.plugins.dockerdelivery.graph.ImageGraph;
import io.jenkins.plugins.dockerdelivery.graph.Producer;
import java.util.List;
import java.util.Set;
import jenkins.model.Jenkins;

/**
 * The page {@code /docker-delivery-graph}: the base-image graph as a picture and as a table. Each user
 * sees only the producers (jobs) they may read.
 */
@Extension
public class ImageGraphAction implements RootAction {
    @Override
    public String getIconFileName() {
        return Jenkins.get().hasPermission(Jenkins.READ) ? "symbol-cube" : null;
    }

    @Override
    public String getDisplayName() {
        return Texts.get("ImageGraphAction.DisplayName");
    }

    @Override
    public String getUrlName() {
        return "docker-delivery-graph";
    }

    /** The graph of the producers the current user may see. */
    public ImageGraph getGraph() {
        Jenkins.get().checkPermission(Jenkins.READ);
        return ImageGraphStore.visible(ImageGraphStore.get().graph());
    }

    /** The picture: SVG made by the engine, every text in it XML-escaped. */
    public String getSvg() {
        return GraphRenderer.svg(getGraph(), Set.of());
    }

    public List<Producer> getProducers() {
        return getGraph().producers();
    }

    /** The job of a producer, for links; null when the user cannot see it. */
    public Item job(String id) {
        return ReadableItems.get(id, Item.class);
    }
}
