package io.jenkins.plugins.dockerdelivery.dockerfile;

import io.jenkins.plugins.dockerdelivery.TextFields;
import java.util.Map;

/**
 * Dockerfile variable substitution as BuildKit does it for {@code FROM}: {@code $V}, {@code ${V}},
 * {@code ${V:-word}}, {@code ${V-word}}, {@code ${V:+word}}, {@code ${V+word}}, {@code ${V:?message}},
 * {@code ${V?message}}; the escape character makes the next character literal (so {@code \$} is a
 * dollar); single quotes keep their content as is, double quotes expand it. An unset variable with no
 * default expands to nothing.
 */
public final class VariableExpander {
    /** {@code ${A:-${B:-...}}} nested deeper than this is not a Dockerfile a person wrote. */
    public static final int MAX_NESTING = 100;

    private final Map<String, String> variables;
    private final char escape;
    private int depth;

    public VariableExpander(Map<String, String> variables, char escape) {
        this.variables = variables;
        this.escape = escape;
    }

    /** @throws IllegalArgumentException with a message for the user, when the text cannot be expanded */
    public String expand(String text) {
        StringBuilder out = new StringBuilder();
        int end = expandInto(text, 0, out, false);
        if (end != text.length()) {
            throw new IllegalArgumentException("unexpected '}' in '" + TextFields.excerpt(text) + "'");
        }
        return out.toString();
    }

    /** Expands from {@code pos} into {@code out}; inside a {@code ${...:-word}} it stops at the closing brace. */
    private int expandInto(String text, int pos, StringBuilder out, boolean inWord) {
        boolean inDouble = false;
        int i = pos;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == escape && i + 1 < text.length()) {
                out.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '\'' && !inDouble) {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unmatched single quote in '" + TextFields.excerpt(text) + "'");
                }
                out.append(text, i + 1, close);
                i = close + 1;
            } else if (c == '"') {
                inDouble = !inDouble;
                i++;
            } else if (c == '}' && inWord && !inDouble) {
                return i;
            } else if (c == '$') {
                i = expandVariable(text, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        if (inDouble) {
            throw new IllegalArgumentException("unmatched double quote in '" + TextFields.excerpt(text) + "'");
        }
        if (inWord) {
            throw new IllegalArgumentException("missing '}' in '" + TextFields.excerpt(text) + "'");
        }
        return i;
    }

    private int expandVariable(String text, int dollar, StringBuilder out) {
        int i = dollar + 1;
        if (i < text.length() && text.charAt(i) == '{') {
            int nameStart = i + 1;
            int nameEnd = nameEnd(text, nameStart);
            if (nameEnd == nameStart) {
                throw new IllegalArgumentException(
                        "bad substitution in '" + TextFields.excerpt(text) + "': expected a name after ${");
            }
            String name = text.substring(nameStart, nameEnd);
            if (nameEnd >= text.length()) {
                throw new IllegalArgumentException("missing '}' in '" + TextFields.excerpt(text) + "'");
            }
            char next = text.charAt(nameEnd);
            if (next == '}') {
                out.append(variables.getOrDefault(name, ""));
                return nameEnd + 1;
            }
            boolean colon = next == ':';
            int opAt = colon ? nameEnd + 1 : nameEnd;
            char op = opAt < text.length() ? text.charAt(opAt) : 0;
            if (op != '-' && op != '+' && op != '?') {
                throw new IllegalArgumentException(
                        "unsupported modifier '" + text.substring(nameEnd, Math.min(opAt + 1, text.length()))
                                + "' in ${" + name + "...}: use :-, -, :+, +, :? or ?");
            }
            StringBuilder word = new StringBuilder();
            if (++depth > MAX_NESTING) {
                throw new IllegalArgumentException(
                        "substitutions nested more than " + MAX_NESTING + " levels deep (${" + name + "...})");
            }
            int close;
            try {
                close = expandInto(text, opAt + 1, word, true);
            } finally {
                depth--;
            }
            String value = variables.get(name);
            boolean set = value != null;
            boolean nonEmpty = set && !value.isEmpty();
            boolean present = colon ? nonEmpty : set;
            switch (op) {
                case '-' -> out.append(present ? value : word);
                case '+' -> out.append(present ? word : "");
                default -> {
                    if (!present) {
                        throw new IllegalArgumentException(name + ": " + (word.length() == 0 ? "is not set" : word));
                    }
                    out.append(value);
                }
            }
            return close + 1;
        }
        int nameEnd = nameEnd(text, i);
        if (nameEnd == i) {
            out.append('$'); // a lone dollar is literal
            return i;
        }
        out.append(variables.getOrDefault(text.substring(i, nameEnd), ""));
        return nameEnd;
    }

    private static int nameEnd(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean ok = c == '_' || Character.isLetter(c) && c < 128 || (i > start && Character.isDigit(c));
            if (!ok) {
                break;
            }
            i++;
        }
        return i;
    }
}
