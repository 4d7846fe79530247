package io.jenkins.plugins.dockerdelivery.gitlab;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which branch or tag names a job builds: include and exclude lists of names with {@code *} wildcards
 * (a {@code *} matches any characters, {@code /} included), or one regular expression that must match
 * the whole name. Exclusion wins; an empty include list includes everything.
 */
public final class RefFilter {
    private final List<String> include;
    private final List<String> exclude;
    private final Pattern regex;

    private RefFilter(List<String> include, List<String> exclude, Pattern regex) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
        this.regex = regex;
    }

    public static RefFilter all() {
        return new RefFilter(List.of(), List.of(), null);
    }

    public static RefFilter wildcards(List<String> include, List<String> exclude) {
        return new RefFilter(clean(include), clean(exclude), null);
    }

    public static RefFilter regex(String regex) {
        try {
            return new RefFilter(List.of(), List.of(), Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new InvalidInputException(
                    "The filter '" + regex + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    private static List<String> clean(List<String> patterns) {
        return patterns.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    /** Null when the name passes, else why not, in words ("excluded by 'feature/*'"). */
    public String rejects(String name) {
        if (regex != null) {
            return regex.matcher(name).matches() ? null : "does not match /" + regex.pattern() + "/";
        }
        for (String pattern : exclude) {
            if (wildcardMatches(pattern, name)) {
                return "excluded by '" + pattern + "'";
            }
        }
        if (include.isEmpty()) {
            return null;
        }
        for (String pattern : include) {
            if (wildcardMatches(pattern, name)) {
                return null;
            }
        }
        return "not included by "
                + String.join(", ", include.stream().map(p -> "'" + p + "'").toList());
    }

    static boolean wildcardMatches(String pattern, String name) {
        // iterative glob match with '*' only: linear in practice, no regex backtracking
        int p = 0;
        int n = 0;
        int star = -1;
        int mark = 0;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = n;
            } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
                p++;
                n++;
            } else if (star >= 0) {
                p = star + 1;
                n = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return regex != null ? "/" + regex.pattern() + "/" : "include " + include + " exclude " + exclude;
    }
}
