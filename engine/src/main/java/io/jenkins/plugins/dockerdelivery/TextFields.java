package io.jenkins.plugins.dockerdelivery;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-text forms settings take in a Jenkins form or a Jenkinsfile: word lists (image references,
 * service names) and {@code NAME=value} lines (build args, labels, environment).
 */
public final class TextFields {
    private TextFields() {}

    /** The most of a user's input a message quotes: enough to recognise it, never a whole 10 MB line. */
    public static final int QUOTED_LENGTH = 80;

    /**
     * Input as a message may quote it: cut to {@link #QUOTED_LENGTH} characters, and control characters
     * (a newline, NUL, an escape sequence) shown as escapes, so that input cannot
     * forge log lines or drive the terminal.
     */
    public static String excerpt(String text) {
        return excerpt(text, QUOTED_LENGTH);
    }

    /** {@link #excerpt(String)} cut to {@code max} characters: for a log line quoting a whole decision. */
    public static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int shown = Math.min(text.length(), max);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > shown) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }

    /** A form field's value trimmed, or null when it is blank: "not set". */
    public static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** Words separated by white space or commas; blanks dropped. */
    public static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.trim().split("[\\s,]+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }

    /** Non-blank lines, trimmed; for values that may hold spaces, such as skip markers. */
    public static List<String> lines(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * {@code NAME=value} lines, in order; the value is everything after the first {@code =}, kept as
     * is. Blank lines and {@code #} comments are skipped.
     *
     * @param what names the field in messages ("build args")
     * @throws InvalidInputException naming the line that has no {@code =} or no name
     */
    public static Map<String, String> keyValues(String what, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null) {
            return values;
        }
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                // the line may be a secret pasted on its own: say where it is, never what it holds
                throw new InvalidInputException(what + ", line " + (i + 1) + ": expected NAME=value, found no '='");
            }
            if (line.substring(0, eq).isBlank()) {
                throw new InvalidInputException(
                        what + ", line " + (i + 1) + ": expected NAME=value, the name is empty");
            }
            values.put(line.substring(0, eq).strip(), line.substring(eq + 1));
        }
        return values;
    }
}
