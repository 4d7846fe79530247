package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code .dockerignore} file with Docker's exact semantics (moby/patternmatcher): one pattern a
 * line, relative to the context root (a leading {@code /} changes nothing), cleaned like a path; {@code
 * #} lines are comments; {@code *} and {@code ?} do not cross {@code /}, {@code **} crosses any number
 * of directories, {@code [...]} is a character class, {@code \} escapes; {@code !} re-includes; a
 * pattern that matches a directory excludes everything below it; the last matching line wins.
 */
public final class DockerIgnore {
    private record Rule(String text, Pattern regex, boolean exclusion, Pattern[] components) {}

    private final List<Rule> rules;
    private final boolean hasExclusions;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.hasExclusions = rules.stream().anyMatch(Rule::exclusion);
    }

    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    /** @param file the name to use in error messages */
    public static DockerIgnore parse(String file, String content) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = content.split("\\r?\\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.trim();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exclusion = false;
            if (pattern.startsWith("!")) {
                exclusion = true;
                pattern = pattern.substring(1).trim();
                if (pattern.isEmpty()) {
                    throw new InvalidInputException(file + ":" + (i + 1) + ": illegal exclusion pattern: \"!\"");
                }
            }
            pattern = clean(pattern);
            if (pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            if (pattern.isEmpty()) {
                continue; // "/" alone: the root, which is never excluded
            }
            try {
                String[] parts = pattern.split("/");
                Pattern[] components = new Pattern[parts.length];
                for (int k = 0; k < parts.length; k++) {
                    components[k] = Pattern.compile(toRegex(parts[k]));
                }
                rules.add(new Rule(pattern, Pattern.compile(toRegex(pattern)), exclusion, components));
            } catch (PatternSyntaxException e) {
                throw new InvalidInputException(
                        file + ":" + (i + 1) + ": invalid pattern '" + line.trim() + "': " + e.getDescription());
            }
        }
        return new DockerIgnore(rules);
    }

    /** Whether the file or directory at {@code path} (relative, {@code /}-separated) is left out of the context. */
    public boolean excludes(String path) {
        Parents parents = Parents.ROOT;
        for (String parent : parentsOf(path)) {
            parents = enter(parents, parent);
        }
        return excludes(path, parents);
    }

    /**
     * Which rules match a directory or one of the directories above it. A walk works it out once per
     * directory with {@link #enter}, so that each entry is then matched once per rule, not once per rule
     * and parent.
     */
    public static final class Parents {
        static final Parents ROOT = new Parents(null);
        private final boolean[] matched; // by rule; null: none (the context root)

        private Parents(boolean[] matched) {
            this.matched = matched;
        }

        boolean matched(int rule) {
            return matched != null && matched[rule];
        }
    }

    /** What the walk knows at the context root. */
    public Parents root() {
        return Parents.ROOT;
    }

    /** What the walk knows below {@code dir}, the directory it enters, whose parents it knew. */
    public Parents enter(Parents parents, String dir) {
        if (rules.isEmpty()) {
            return parents;
        }
        boolean[] matched = new boolean[rules.size()];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = parents.matched(i) || rules.get(i).regex().matcher(dir).matches();
        }
        return new Parents(matched);
    }

    /** {@link #excludes(String)} for an entry directly below the directory {@code parents} is about. */
    public boolean excludes(String path, Parents parents) {
        boolean excluded = false;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (parents.matched(i) || rule.regex().matcher(path).matches()) {
                excluded = !rule.exclusion();
            }
        }
        return excluded;
    }

    /**
     * Whether the walk may skip an excluded directory without looking inside: true unless some {@code
     * !} pattern could re-include something below it.
     */
    public boolean mayPrune(String dir) {
        if (!hasExclusions) {
            return true;
        }
        String[] dirParts = dir.split("/");
        for (Rule rule : rules) {
            if (!rule.exclusion()) {
                continue;
            }
            if (rule.text().contains("**")) {
                return false;
            }
            // the re-include pattern could only reach below dir if its leading components can match dir's
            Pattern[] parts = rule.components();
            boolean couldMatch = true;
            for (int i = 0; i < Math.min(parts.length, dirParts.length); i++) {
                if (!parts[i].matcher(dirParts[i]).matches()) {
                    couldMatch = false;
                    break;
                }
            }
            if (couldMatch) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    private static String[] parentsOf(String path) {
        List<String> parents = new ArrayList<>();
        int slash = path.indexOf('/');
        while (slash > 0) {
            parents.add(path.substring(0, slash));
            slash = path.indexOf('/', slash + 1);
        }
        return parents.toArray(String[]::new);
    }

    /** Go's filepath.Clean for slash-separated patterns: no empty, "." or resolvable ".." elements. */
    static String clean(String path) {
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (!rooted) {
                    out.add(part);
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        return rooted ? "/" + joined : joined.isEmpty() ? "." : joined;
    }

    /** patternmatcher's translation of a pattern into a regular expression. */
    static String toRegex(String pattern) {
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                        i++; // "**/" is "**"
                    }
                    regex.append(i + 1 >= pattern.length() ? ".*" : "(.*/)?");
                } else {
                    regex.append("[^/]*");
                }
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '\\') {
                if (i + 1 < pattern.length()) {
                    regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                }
            } else if (c == '[') {
                int close = pattern.indexOf(']', i + 2);
                if (close < 0) {
                    throw new PatternSyntaxException("unclosed character class", pattern, i);
                }
                String body = pattern.substring(i + 1, close);
                regex.append('[')
                        .append(body.startsWith("^") || body.startsWith("!") ? "^" + body.substring(1) : body)
                        .append(']');
                i = close;
            } else if (".+()|{}$^".indexOf(c) >= 0) {
                regex.append('\\').append(c);
            } else {
                regex.append(c);
            }
        }
        return regex.append('$').toString();
    }
}
