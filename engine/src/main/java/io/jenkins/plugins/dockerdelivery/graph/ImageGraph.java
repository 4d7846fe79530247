package io.jenkins.plugins.dockerdelivery.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The base-image dependency graph: images are nodes, "built FROM" are edges, and every edge belongs
 * to the {@link Producer} whose build draws it. A plain, immutable value: the producers are the whole
 * state (they are what serialises to JSON); the look-up indexes are derived from them.
 *
 * <p>One class serves every caller (CLI, plugin, planner), so the graph is never rebuilt differently
 * in two places.
 */
public final class ImageGraph {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int FORMAT_VERSION = 1;

    private final Map<String, Producer> producers; // sorted by id: deterministic everywhere
    private final Index byTag;
    private final Index byRepository;

    /** Who builds an image and who builds FROM it, under one matching level. */
    private record Index(Map<String, List<Producer>> producersOf, Map<String, List<Producer>> childrenOf) {}

    private ImageGraph(Map<String, Producer> producers) {
        this.producers = producers;
        this.byTag = index(producers.values(), ImageReference::tagKey);
        this.byRepository = index(producers.values(), ImageReference::repository);
    }

    public static ImageGraph of(Collection<Producer> producers) {
        Map<String, Producer> byId = new TreeMap<>();
        for (Producer producer : producers) {
            if (byId.put(producer.id(), producer) != null) {
                throw new InvalidInputException("Two producers have the id '" + producer.id() + "'");
            }
        }
        return new ImageGraph(byId);
    }

    public static ImageGraph empty() {
        return new ImageGraph(new TreeMap<>());
    }

    private static Index index(
            Collection<Producer> producers, java.util.function.Function<ImageReference, String> key) {
        Map<String, List<Producer>> producersOf = new HashMap<>();
        Map<String, List<Producer>> childrenOf = new HashMap<>();
        for (Producer producer : producers) {
            for (ImageReference image : producer.images()) {
                addOnce(producersOf, key.apply(image), producer);
            }
            for (ImageReference base : producer.bases()) {
                addOnce(childrenOf, key.apply(base), producer);
            }
        }
        return new Index(producersOf, childrenOf);
    }

    private static void addOnce(Map<String, List<Producer>> map, String key, Producer producer) {
        List<Producer> list = map.computeIfAbsent(key, k -> new ArrayList<>(2));
        if (list.isEmpty() || list.get(list.size() - 1) != producer) {
            list.add(producer);
        }
    }

    private Index index(MatchLevel level) {
        return level == MatchLevel.TAG ? byTag : byRepository;
    }

    /** The key a look-up at {@code level} files {@code image} under. */
    static String key(ImageReference image, MatchLevel level) {
        return level == MatchLevel.TAG ? image.tagKey() : image.repository();
    }

    // --- the value -----------------------------------------------------------------------------

    @JsonProperty("producers")
    public List<Producer> producers() {
        return List.copyOf(producers.values());
    }

    public Producer producer(String id) {
        return producers.get(id);
    }

    /** This graph with {@code producer} added, or replacing the one with its id. */
    public ImageGraph with(Producer producer) {
        Map<String, Producer> copy = new TreeMap<>(producers);
        copy.put(producer.id(), producer);
        return new ImageGraph(copy);
    }

    /** This graph without the producer {@code id} (a deleted job). */
    public ImageGraph without(String id) {
        Map<String, Producer> copy = new TreeMap<>(producers);
        copy.remove(id);
        return new ImageGraph(copy);
    }

    /** The images more than one producer builds, with their producers' ids; sorted. */
    public Map<ImageReference, List<String>> imagesWithSeveralProducers() {
        Map<ImageReference, List<String>> several = new TreeMap<>(Comparator.comparing(ImageReference::toString));
        for (Producer producer : producers.values()) {
            for (ImageReference image : producer.images()) {
                List<Producer> all = producersOf(image, MatchLevel.TAG);
                if (all.size() > 1) {
                    several.put(image, all.stream().map(Producer::id).toList());
                }
            }
        }
        return several;
    }

    /** Every image in the graph, produced or used as a base, sorted. */
    @JsonIgnore
    public Set<ImageReference> images() {
        Set<ImageReference> images = new java.util.TreeSet<>(Comparator.comparing(ImageReference::toString));
        for (Producer producer : producers.values()) {
            images.addAll(producer.images());
            images.addAll(producer.bases());
        }
        return images;
    }

    @JsonIgnore
    public int edgeCount() {
        return producers.values().stream()
                .mapToInt(p -> p.bases().size() * Math.max(1, p.images().size()))
                .sum();
    }

    // --- queries -------------------------------------------------------------------------------

    /** The producers that build {@code image}. */
    public List<Producer> producersOf(ImageReference image, MatchLevel level) {
        return Collections.unmodifiableList(index(level).producersOf().getOrDefault(key(image, level), List.of()));
    }

    /** The producers whose builds use {@code image} as a base. */
    public List<Producer> producersBuiltFrom(ImageReference image, MatchLevel level) {
        return Collections.unmodifiableList(index(level).childrenOf().getOrDefault(key(image, level), List.of()));
    }

    /** The images built directly FROM {@code image}. */
    public Set<ImageReference> children(ImageReference image, MatchLevel level) {
        Set<ImageReference> children = new LinkedHashSet<>();
        producersBuiltFrom(image, level).forEach(p -> children.addAll(p.images()));
        return children;
    }

    /** Every image built FROM {@code image}, directly or through others. */
    public Set<ImageReference> descendants(ImageReference image, MatchLevel level) {
        return walk(image, level, true);
    }

    /** Every image {@code image} is built FROM, directly or through others. */
    public Set<ImageReference> ancestors(ImageReference image, MatchLevel level) {
        return walk(image, level, false);
    }

    private Set<ImageReference> walk(ImageReference start, MatchLevel level, boolean down) {
        Set<ImageReference> seen = new LinkedHashSet<>();
        Set<String> seenKeys = new java.util.HashSet<>();
        seenKeys.add(key(start, level));
        Deque<ImageReference> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            ImageReference image = todo.pop();
            List<Producer> next = down ? producersBuiltFrom(image, level) : producersOf(image, level);
            for (Producer producer : next) {
                for (ImageReference found : down ? producer.images() : producer.bases()) {
                    if (seenKeys.add(key(found, level))) {
                        seen.add(found);
                        todo.add(found);
                    }
                }
            }
        }
        return seen;
    }

    /**
     * The part of the graph around one producer: it, the producers of everything it is built FROM
     * (transitively), and the producers of everything built FROM it. Empty for an unknown producer.
     */
    public ImageGraph around(String id, MatchLevel level) {
        Producer center = producers.get(id);
        if (center == null) {
            return empty();
        }
        Map<String, Producer> kept = new TreeMap<>();
        kept.put(id, center);
        Deque<Producer> up = new ArrayDeque<>(List.of(center));
        while (!up.isEmpty()) {
            for (ImageReference base : up.pop().bases()) {
                for (Producer parent : producersOf(base, level)) {
                    if (kept.putIfAbsent(parent.id(), parent) == null) {
                        up.push(parent);
                    }
                }
            }
        }
        Deque<Producer> down = new ArrayDeque<>(List.of(center));
        Set<String> seenDown = new java.util.HashSet<>(List.of(id));
        while (!down.isEmpty()) {
            for (ImageReference image : down.pop().images()) {
                for (Producer child : producersBuiltFrom(image, level)) {
                    if (seenDown.add(child.id())) {
                        kept.putIfAbsent(child.id(), child);
                        down.push(child);
                    }
                }
            }
        }
        return new ImageGraph(kept);
    }

    // --- JSON ----------------------------------------------------------------------------------

    public String toJson() {
        try {
            return JSON.writeValueAsString(new Json(FORMAT_VERSION, producers()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an image graph always serialises", e);
        }
    }

    public static ImageGraph fromJson(String json) {
        try {
            Json parsed = JSON.readValue(json, Json.class);
            if (parsed.version() != FORMAT_VERSION) {
                throw new InvalidInputException("Image graph JSON of format version " + parsed.version()
                        + " cannot be read by this version (it reads " + FORMAT_VERSION + ")");
            }
            return of(parsed.producers());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("Cannot read the image graph JSON: " + e.getOriginalMessage(), e);
        }
    }

    private record Json(int version, List<Producer> producers) {
        @JsonCreator
        Json(@JsonProperty("version") int version, @JsonProperty("producers") List<Producer> producers) {
            this.version = version;
            this.producers = producers == null ? List.of() : producers;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageGraph other && producers.equals(other.producers);
    }

    @Override
    public int hashCode() {
        return producers.hashCode();
    }

    @Override
    public String toString() {
        return "ImageGraph[" + producers.size() + " producers]";
    }
}
