package io.jenkins.plugins.dockerdelivery.rebuild;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a rebuild in progress is: the plan, where each producer stands, what it pushed. A small
 * immutable value that round-trips through {@link #toJson()}, so that a driver that outlives its
 * process (a Jenkins step across a controller restart) can store it and {@link RebuildRun#resume
 * resume} from it.
 *
 * @param plan the plan being run
 * @param level the match level of the plan: it also decides which references a pin applies to
 * @param changedPins digests of the changed images themselves, when they are known: the first wave
 *     is pinned to them
 * @param producers each planned producer's progress, in plan order
 * @param wave the 0-based wave now running; {@code plan.waves().size()} when all have run
 * @param cancelled why the rebuild was cancelled, or null
 */
public record RebuildState(
        RebuildPlan plan,
        MatchLevel level,
        List<BasePin> changedPins,
        Map<String, Progress> producers,
        int wave,
        String cancelled) {
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RebuildState {
        changedPins = List.copyOf(changedPins);
        producers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(producers));
    }

    /**
     * One producer's progress.
     *
     * @param outcome where it stands
     * @param handle what its driver knows it by while it runs (a Jenkins job name; null in the CLI)
     * @param startedAt when it started, epoch milliseconds, or 0
     * @param finishedAt when it finished, epoch milliseconds, or 0
     * @param pushed every tag it pushed, with the digest: {@code registry/team/base:7 -> sha256:...}
     * @param reason why it failed or was not built, in words; null when built
     */
    public record Progress(
            Outcome outcome,
            String handle,
            long startedAt,
            long finishedAt,
            Map<String, String> pushed,
            String reason) {
        public Progress {
            pushed = pushed == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pushed));
        }

        static Progress pending() {
            return new Progress(Outcome.PENDING, null, 0, 0, Map.of(), null);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rebuild state always serialises", e);
        }
    }

    public static RebuildState fromJson(String json) {
        try {
            return JSON.readValue(json, RebuildState.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("Cannot read the saved state of the rebuild: " + e.getOriginalMessage(), e);
        }
    }
}
