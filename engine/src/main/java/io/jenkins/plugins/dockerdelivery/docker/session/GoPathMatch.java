package io.jenkins.plugins.dockerdelivery.docker.session;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go's {@code filepath.Match} on {@code /}-separated paths, which is how the daemon's include
 * patterns and follow paths are meant: {@code *} is any run of non-{@code /} characters, {@code ?}
 * one of them, {@code [...]} a class ({@code [^...]} negated), {@code \} escapes.
 */
final class GoPathMatch {
    private GoPathMatch() {}

    /** The pattern as a regular expression; a malformed pattern matches nothing, as Go reports no match. */
    static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                case '[' -> {
                    int close = pattern.indexOf(']', i + 2);
                    if (close < 0) {
                        return Pattern.compile("(?!)");
                    }
                    String body = pattern.substring(i + 1, close);
                    regex.append('[')
                            .append(body.startsWith("^") ? "^" + escapeClass(body.substring(1)) : escapeClass(body))
                            .append(']');
                    i = close;
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(regex.toString());
        } catch (PatternSyntaxException e) {
            return Pattern.compile("(?!)");
        }
    }

    private static String escapeClass(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                out.append('\\').append(body.charAt(++i));
            } else if (c == '[' || c == '&' || c == '^') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static boolean matches(String pattern, String name) {
        return compile(pattern).matcher(name).matches();
    }
}
