package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The images a build pushed, and the bases they were built FROM: what {@code rebuildDependents}
 * rebuilds the dependents of by default, and the build's record in the image graph. Every {@code
 * dockerBuildPush} of the build adds to it.
 */
public class PushedImagesAction extends InvisibleAction {
    // ArrayList, not List.copyOf: XStream writes a plain list, where a JDK immutable list would need
    // reflective access to java.util's internals (--add-opens) to be saved and loaded
    private final ArrayList<String> images;
    private ArrayList<String> bases;

    public PushedImagesAction(List<String> images) {
        this(images, List.of());
    }

    public PushedImagesAction(List<String> images, List<String> bases) {
        this.images = new ArrayList<>(new LinkedHashSet<>(images));
        this.bases = new ArrayList<>(new LinkedHashSet<>(bases));
    }

    public List<String> getImages() {
        return Collections.unmodifiableList(images);
    }

    public List<String> getBases() {
        return bases == null ? List.of() : Collections.unmodifiableList(bases);
    }

    /** Adds what one more {@code dockerBuildPush} of {@code run} pushed; returns what the build pushed in all. */
    static synchronized PushedImagesAction add(Run<?, ?> run, List<String> images, List<String> bases) {
        PushedImagesAction before = run.getAction(PushedImagesAction.class);
        PushedImagesAction all;
        if (before == null) {
            all = new PushedImagesAction(images, bases);
        } else {
            List<String> allImages = new ArrayList<>(before.images);
            allImages.addAll(images);
            List<String> allBases = new ArrayList<>(before.getBases());
            allBases.addAll(bases);
            all = new PushedImagesAction(allImages, allBases);
        }
        run.addOrReplaceAction(all);
        return all;
    }
}
