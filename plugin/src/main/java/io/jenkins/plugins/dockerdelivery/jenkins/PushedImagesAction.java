package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.InvisibleAction;
import java.util.List;

/** The images a build pushed: what {@code rebuildDependents} rebuilds the dependents of by default. */
public class PushedImagesAction extends InvisibleAction {
    private final List<String> images;

    public PushedImagesAction(List<String> images) {
        this.images = List.copyOf(images);
    }

    public List<String> getImages() {
        return images;
    }
}
