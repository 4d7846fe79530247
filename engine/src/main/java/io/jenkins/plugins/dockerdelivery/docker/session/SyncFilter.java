package io.jenkins.plugins.dockerdelivery.docker.session;

import io.jenkins.plugins.dockerdelivery.docker.DockerIgnore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What one DiffCopy request lets through, with fsutil's rules: include patterns ({@code
 * filepath.Match}, where a pattern deeper than a directory matches that directory "partially", so
 * the walk enters it); follow paths (symbolic links resolved inside the context, then added to the
 * includes); exclude patterns ({@code .dockerignore} semantics).
 */
final class SyncFilter {
    /** How an entry stands against the include patterns. */
    enum Inclusion {
        /** Not included: skipped, and a directory is not entered. */
        NONE,
        /** A directory on the way to something included: sent and entered, its children checked. */
        PARTIAL,
        /** Included, and for a directory everything below it too. */
        FULL
    }

    private static final int MAX_LINK_HOPS = 255;

    private final List<String> includes; // null: everything
    private final DockerIgnore excludes;
    private final Map<String, Pattern> compiled = new HashMap<>();

    private SyncFilter(List<String> includes, DockerIgnore excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

    static SyncFilter everything() {
        return new SyncFilter(null, DockerIgnore.none());
    }

    /**
     * @param includes the request's include patterns; empty means all
     * @param followPaths paths whose symbolic links are resolved (inside {@code root}, which may be null
     *     for a source that has no links) and added to the includes
     */
    static SyncFilter of(Path root, List<String> includes, List<String> followPaths, DockerIgnore excludes) {
        List<String> patterns = null;
        if (!includes.isEmpty()) {
            patterns = new ArrayList<>();
            for (String include : includes) {
                patterns.add(clean(include));
            }
        }
        if (!followPaths.isEmpty()) {
            if (patterns == null) {
                patterns = new ArrayList<>();
            }
            patterns.addAll(followLinks(root, followPaths));
            patterns = new ArrayList<>(new LinkedHashSet<>(patterns));
        }
        return new SyncFilter(patterns, excludes);
    }

    boolean hasIncludes() {
        return includes != null;
    }

    Inclusion inclusion(String path) {
        if (includes == null) {
            return Inclusion.FULL;
        }
        boolean matched = false;
        int depth = count(path);
        for (String include : includes) {
            boolean partial = count(include) > depth;
            String pattern = partial ? firstComponents(include, depth + 1) : include;
            if (compiled.computeIfAbsent(pattern, GoPathMatch::compile)
                    .matcher(path)
                    .matches()) {
                if (!partial) {
                    return Inclusion.FULL;
                }
                matched = true;
            }
        }
        return matched ? Inclusion.PARTIAL : Inclusion.NONE;
    }

    /** Whether the exclude rules leave out {@code path}, an entry of the directory {@code parents} is about. */
    boolean excluded(String path, DockerIgnore.Parents parents) {
        return excludes.excludes(path, parents);
    }

    /** What the exclude rules know at the root of the walk. */
    DockerIgnore.Parents root() {
        return excludes.root();
    }

    /** What the exclude rules know below {@code dir}, which the walk enters. */
    DockerIgnore.Parents enter(DockerIgnore.Parents parents, String dir) {
        return excludes.enter(parents, dir);
    }

    /** Whether an excluded directory must still be entered, because a {@code !} rule may re-include below it. */
    boolean mustEnterExcluded(String dir) {
        return !excludes.mayPrune(dir);
    }

    private static int count(String path) {
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    private static String firstComponents(String path, int components) {
        int at = -1;
        for (int i = 0; i < components; i++) {
            at = path.indexOf('/', at + 1);
            if (at < 0) {
                return path;
            }
        }
        return path.substring(0, at);
    }

    /** A path as Go's {@code filepath.Clean} leaves it, relative, without a leading {@code /} or {@code ./}. */
    static String clean(String path) {
        PathParts parts = new PathParts();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pop();
            } else {
                parts.push(part);
            }
        }
        return parts.isEmpty() ? "." : parts.join();
    }

    private static final class PathParts {
        private final List<String> items = new ArrayList<>();

        void push(String s) {
            items.add(s);
        }

        void pop() {
            if (!items.isEmpty()) {
                items.remove(items.size() - 1);
            }
        }

        boolean isEmpty() {
            return items.isEmpty();
        }

        String join() {
            return String.join("/", items);
        }
    }

    /** fsutil's {@code FollowLinks}: each path, plus the targets of the links along it, inside {@code root}. */
    static Set<String> followLinks(Path root, List<String> paths) {
        Set<String> resolved = new TreeSet<>();
        for (String path : paths) {
            follow(root, clean(path), resolved, 0);
        }
        return resolved;
    }

    private static void follow(Path root, String path, Set<String> resolved, int hops) {
        if (hops > MAX_LINK_HOPS || path.equals(".")) {
            return;
        }
        String[] parts = path.split("/");
        String current = "";
        for (int i = 0; i < parts.length; i++) {
            current = current.isEmpty() ? parts[i] : current + "/" + parts[i];
            String target = root == null ? null : linkTarget(root, current);
            if (target != null) {
                if (!resolved.add(current)) {
                    return;
                }
                String rest = String.join("/", List.of(parts).subList(i + 1, parts.length));
                follow(root, rest.isEmpty() ? target : clean(target + "/" + rest), resolved, hops + 1);
                return;
            }
        }
        resolved.add(path);
    }

    /** The context-relative target of the link at {@code path}, or null if it is no link. */
    private static String linkTarget(Path root, String path) {
        Path file = root.resolve(path);
        if (!Files.isSymbolicLink(file)) {
            return null;
        }
        try {
            String link = Files.readSymbolicLink(file).toString();
            if (link.startsWith("/")) {
                return clean(link); // absolute links point into the context, as for the daemon
            }
            int slash = path.lastIndexOf('/');
            return clean((slash < 0 ? "" : path.substring(0, slash) + "/") + link);
        } catch (IOException e) {
            return null;
        }
    }
}
