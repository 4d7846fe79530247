package io.jenkins.plugins.dockerdelivery.gitlab;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.yaml.SafeYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One job's answer to "should this push build me?": which project, which events, which branches and
 * tags, which skip markers, and the secret token GitLab must present.
 *
 * @param project the project (path or any of its URLs), or null for any project
 * @param buildOnPush build on pushes to branches
 * @param buildOnTagPush build on tag pushes
 * @param secretToken the token GitLab sends in {@code X-Gitlab-Token}, or null
 * @param requireToken refuse deliveries when no token is configured
 */
public record TriggerSettings(
        String project,
        boolean buildOnPush,
        boolean buildOnTagPush,
        RefFilter branches,
        RefFilter tags,
        List<String> skipMarkers,
        Secret secretToken,
        boolean requireToken) {

    public static final List<String> DEFAULT_SKIP_MARKERS = List.of("[ci skip]", "[skip ci]");
    private static final Set<String> KEYS =
            Set.of("project", "events", "branches", "tags", "skipMarkers", "requireToken");

    public TriggerSettings {
        skipMarkers = List.copyOf(skipMarkers);
        branches = branches == null ? RefFilter.all() : branches;
        tags = tags == null ? RefFilter.all() : tags;
    }

    /** Pushes to any branch of any project, with the default skip markers, no token required. */
    public static TriggerSettings defaults() {
        return new TriggerSettings(
                null, true, false, RefFilter.all(), RefFilter.all(), DEFAULT_SKIP_MARKERS, null, false);
    }

    /**
     * Settings as a job's configuration form holds them: lists as text (names separated by spaces,
     * commas or lines; skip markers one per line), a regular expression taking the place of the
     * include and exclude lists when given. Blank means "any".
     */
    public static TriggerSettings fromForm(
            String project,
            boolean buildOnPush,
            boolean buildOnTagPush,
            String branchesInclude,
            String branchesExclude,
            String branchesRegex,
            String tagsInclude,
            String tagsExclude,
            String skipMarkers,
            Secret secretToken,
            boolean requireToken) {
        return new TriggerSettings(
                project == null || project.isBlank() ? null : project.trim(),
                buildOnPush,
                buildOnTagPush,
                branchesRegex != null && !branchesRegex.isBlank()
                        ? RefFilter.regex(branchesRegex.trim())
                        : RefFilter.wildcards(TextFields.words(branchesInclude), TextFields.words(branchesExclude)),
                RefFilter.wildcards(TextFields.words(tagsInclude), TextFields.words(tagsExclude)),
                skipMarkers == null ? DEFAULT_SKIP_MARKERS : TextFields.lines(skipMarkers),
                secretToken,
                requireToken);
    }

    public TriggerSettings withSecretToken(Secret token) {
        return new TriggerSettings(
                project, buildOnPush, buildOnTagPush, branches, tags, skipMarkers, token, requireToken);
    }

    /**
     * Reads the small YAML file {@code docker-delivery gitlab decide --settings} takes:
     *
     * <pre>
     * project: group/app            # path or URL; omit for any project
     * events: [push, tag_push]      # default: [push]
     * branches:                     # include/exclude with * wildcards, or regex: '^main$'
     *   include: [main, 'release/*']
     *   exclude: ['release/old-*']
     * tags: {include: ['v*']}
     * skipMarkers: ['[ci skip]', '[skip ci]']
     * requireToken: true
     * </pre>
     *
     * The token itself is never in this file.
     */
    public static TriggerSettings parse(String file, String text) {
        Object root = SafeYaml.load(file, text, 64 * 1024);
        if (root == null) {
            return defaults();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidInputException(file + ": expected a mapping with keys " + KEYS);
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new InvalidInputException(file + ": unknown key '" + key
                        + "' (known: project, events, branches, tags," + " skipMarkers, requireToken)");
            }
        }
        List<String> events = strings(file, "events", map.get("events"), List.of("push"));
        for (String event : events) {
            if (!event.equals("push") && !event.equals("tag_push")) {
                throw new InvalidInputException(file + ": unknown event '" + event + "' (push or tag_push)");
            }
        }
        return new TriggerSettings(
                SafeYaml.text(file, "project", map.get("project")),
                events.contains("push"),
                events.contains("tag_push"),
                filter(file, "branches", map.get("branches")),
                filter(file, "tags", map.get("tags")),
                // markers hold spaces ("[ci skip]"): one string is one marker a line, not words
                map.get("skipMarkers") instanceof String markers
                        ? TextFields.lines(markers)
                        : strings(file, "skipMarkers", map.get("skipMarkers"), DEFAULT_SKIP_MARKERS),
                null,
                SafeYaml.bool(file, "requireToken", map.get("requireToken"), false));
    }

    private static RefFilter filter(String file, String key, Object value) {
        if (value == null) {
            return RefFilter.all();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidInputException(
                    file + ": '" + key + "' must be a mapping with include/exclude lists or a regex");
        }
        Object regex = map.get("regex");
        if (regex != null) {
            if (map.size() > 1) {
                throw new InvalidInputException(
                        file + ": '" + key + "' takes either regex or include/exclude, not both");
            }
            return RefFilter.regex(SafeYaml.text(file, key + ".regex", regex));
        }
        return RefFilter.wildcards(
                strings(file, key + ".include", map.get("include"), List.of()),
                strings(file, key + ".exclude", map.get("exclude"), List.of()));
    }

    private static List<String> strings(String file, String key, Object value, List<String> fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof String s) {
            return TextFields.words(s);
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidInputException(file + ": '" + key + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        list.forEach(item -> out.add(SafeYaml.text(file, key + " entry", item)));
        return out;
    }
}
