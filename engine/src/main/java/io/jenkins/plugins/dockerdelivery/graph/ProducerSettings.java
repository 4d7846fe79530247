package io.jenkins.plugins.dockerdelivery.graph;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.dockerfile.VariableExpander;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.yaml.SafeYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optional {@code docker-delivery.yaml} beside a Dockerfile: which images the directory produces
 * and with which build args. Every key is optional:
 *
 * <pre>
 * images: [registry.example.com/team/app:1]   # or image: one reference
 * target: runtime                             # the stage to build (default: the last)
 * buildArgs:
 *   BASE_TAG: "7"
 * </pre>
 *
 * Image names may use the build args as the Dockerfile does ({@code ${REGISTRY}/team/app:1}), so
 * that one build arg points a whole tree at another registry.
 */
public record ProducerSettings(List<String> images, String target, Map<String, String> buildArgs) {
    public static final String FILE_NAME = "docker-delivery.yaml";
    private static final Set<String> KEYS = Set.of("image", "images", "target", "buildArgs");

    public ProducerSettings {
        images = List.copyOf(images);
        buildArgs = Map.copyOf(buildArgs);
    }

    public static ProducerSettings none() {
        return new ProducerSettings(List.of(), null, Map.of());
    }

    public static ProducerSettings parse(String file, String text) {
        Object root = SafeYaml.load(file, text, 64 * 1024);
        if (root == null) {
            return none();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidInputException(file + ": expected a mapping with keys " + KEYS);
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new InvalidInputException(
                        file + ": unknown key '" + key + "' (known: image, images, target, buildArgs)");
            }
        }
        List<String> images = new ArrayList<>();
        Object image = map.get("image");
        if (image != null) {
            images.add(SafeYaml.text(file, "image", image));
        }
        Object list = map.get("images");
        if (list != null) {
            if (!(list instanceof List<?> items)) {
                throw new InvalidInputException(file + ": 'images' must be a list of image references");
            }
            for (Object item : items) {
                images.add(SafeYaml.text(file, "images entry", item));
            }
        }
        Map<String, String> args = new LinkedHashMap<>();
        Object buildArgs = map.get("buildArgs");
        if (buildArgs != null) {
            if (!(buildArgs instanceof Map<?, ?> argMap)) {
                throw new InvalidInputException(file + ": 'buildArgs' must be a mapping NAME: value");
            }
            argMap.forEach(
                    (k, v) -> args.put(String.valueOf(k), v == null ? "" : SafeYaml.text(file, "buildArgs." + k, v)));
        }
        Object target = map.get("target");
        return new ProducerSettings(images, SafeYaml.text(file, "target", target), args);
    }

    /**
     * The images, with {@code ${NAME}} expanded from these settings' build args overridden by {@code
     * overrides}.
     */
    public List<ImageReference> images(String file, Map<String, String> overrides) {
        Map<String, String> args = buildArgs(overrides);
        VariableExpander expander = new VariableExpander(args, '\\');
        List<ImageReference> references = new ArrayList<>();
        for (String image : images) {
            try {
                references.add(ImageReference.parse(expander.expand(image)));
            } catch (IllegalArgumentException | InvalidInputException e) {
                throw new InvalidInputException(file + ": image '" + image + "': " + e.getMessage(), e);
            }
        }
        return references;
    }

    /** These settings' build args, overridden by {@code overrides}. */
    public Map<String, String> buildArgs(Map<String, String> overrides) {
        Map<String, String> args = new LinkedHashMap<>(buildArgs);
        args.putAll(overrides);
        return args;
    }
}
