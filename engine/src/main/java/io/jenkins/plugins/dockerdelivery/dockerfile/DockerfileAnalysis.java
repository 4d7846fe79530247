package io.jenkins.plugins.dockerdelivery.dockerfile;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** What a Dockerfile builds on: its stages and every image from outside it that they use. */
public record DockerfileAnalysis(String file, List<Stage> stages, List<BaseImage> bases, List<String> warnings) {
    public DockerfileAnalysis {
        stages = List.copyOf(stages);
        bases = List.copyOf(bases);
        warnings = List.copyOf(warnings);
    }

    /** Every external base image, once each, in the order the file first names them. */
    public List<ImageReference> externalBases() {
        Set<ImageReference> images = new LinkedHashSet<>();
        bases.forEach(b -> images.add(b.image()));
        return List.copyOf(images);
    }

    /**
     * The external bases a build of {@code target} really uses: those of the target stage and of the
     * stages it is built on, copies from or mounts. A null target means the last stage, as in {@code
     * docker build} without {@code --target}.
     */
    public List<ImageReference> externalBases(String target) {
        int targetIndex = target == null ? stages.size() - 1 : stageIndex(target);
        Set<Integer> needed = new TreeSet<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(targetIndex));
        while (!todo.isEmpty()) {
            int s = todo.pop();
            if (needed.add(s)) {
                Stage stage = stages.get(s);
                if (stage.fromStage() >= 0) {
                    todo.push(stage.fromStage());
                }
                stage.stageDependencies().forEach(todo::push);
            }
        }
        Set<ImageReference> images = new LinkedHashSet<>();
        bases.stream().filter(b -> needed.contains(b.stage())).forEach(b -> images.add(b.image()));
        return List.copyOf(images);
    }

    private int stageIndex(String target) {
        String wanted = target.toLowerCase(Locale.ROOT);
        for (Stage stage : stages) {
            if (wanted.equals(stage.name())) {
                return stage.index();
            }
        }
        throw new InvalidInputException(
                file + ": there is no stage named '" + target + "' (stages: " + stageNames() + ")");
    }

    private String stageNames() {
        List<String> names = stages.stream()
                .map(s -> s.name() == null ? "#" + s.index() : s.name())
                .toList();
        return String.join(", ", names);
    }
}
