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
            if (eq <= 0) {
                throw new InvalidInputException(what + ", line " + (i + 1) + ": expected NAME=value, got '"
                        + (eq == 0 ? line : line.replaceAll("\\s.*", "")) + "'");
            }
            values.put(line.substring(0, eq).strip(), line.substring(eq + 1));
        }
        return values;
    }
}
