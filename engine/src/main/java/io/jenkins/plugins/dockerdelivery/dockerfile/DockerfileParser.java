package io.jenkins.plugins.dockerdelivery.dockerfile;

import io.jenkins.plugins.dockerdelivery.TextFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile's text into {@link Instruction}s, following BuildKit's parser: parser directives
 * at the top ({@code # escape=}, {@code # syntax=}), the escape character as line continuation,
 * comment and empty lines inside continuations dropped, a byte-order mark stripped, {@code #} a
 * comment only at the start of a line, and heredoc bodies ({@code RUN <<EOF}) kept apart as data.
 * Only syntax lives here; stages and variables are {@link DockerfileAnalyzer}'s job.
 */
public final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern INSTRUCTION =
            Pattern.compile("^\\s*([a-zA-Z][a-zA-Z0-9]*)(?:\\s+(.*))?$", Pattern.DOTALL);
    // a word such as <<EOF, <<-EOF, <<"EOF", <<'EOF', 3<<EOF (BuildKit's reHeredoc, on shell words)
    private static final Pattern HEREDOC_WORD = Pattern.compile("^\\d*<<(-?)([\"']?)([^<\"'\\s]+)\\2$");
    private static final java.util.Set<String> HEREDOC_INSTRUCTIONS = java.util.Set.of("RUN", "COPY", "ADD");

    private DockerfileParser() {}

    public static ParsedDockerfile parse(String file, String text) {
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = content.split("\\r?\\n", -1);
        List<String> warnings = new ArrayList<>();

        // 1. parser directives: only at the very top; the first other line ends them
        Map<String, String> directives = new TreeMap<>();
        Map<String, Integer> directiveLines = new TreeMap<>();
        int i = 0;
        for (; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i]);
            if (!m.matches()) {
                break;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (!key.equals("escape") && !key.equals("syntax") && !key.equals("check")) {
                break; // an unknown directive is a comment, and ends the directives
            }
            if (directives.containsKey(key)) {
                throw new DockerfileException(
                        file,
                        i + 1,
                        "the '" + TextFields.excerpt(key) + "' parser directive appears twice (first on line "
                                + directiveLines.get(key) + ")");
            }
            directives.put(key, m.group(2));
            directiveLines.put(key, i + 1);
        }
        char escape = '\\';
        String escapeValue = directives.get("escape");
        if (escapeValue != null) {
            if (!escapeValue.equals("\\") && !escapeValue.equals("`")) {
                throw new DockerfileException(
                        file,
                        directiveLines.get("escape"),
                        "invalid escape directive '" + TextFields.excerpt(escapeValue) + "': it must be ` or \\");
            }
            escape = escapeValue.charAt(0);
        }

        // 2. instructions, joining continuation lines and setting heredoc bodies aside
        List<Instruction> instructions = new ArrayList<>();
        Pattern continuation = continuationPattern(escape);
        while (i < lines.length) {
            String line = lines[i];
            if (isBlankOrComment(line)) {
                i++;
                continue;
            }
            int start = i + 1;
            StringBuilder joined = new StringBuilder();
            String current = line;
            while (true) {
                Matcher c = continuation.matcher(current);
                if (!c.find()) {
                    joined.append(current);
                    break;
                }
                joined.append(current, 0, c.group(1) != null ? c.end(1) : 0);
                i++;
                // inside a continuation: comment lines vanish, empty lines are skipped with a warning
                while (i < lines.length && isBlankOrComment(lines[i])) {
                    if (lines[i].isBlank()) {
                        warnings.add(file + ":" + (i + 1) + ": empty continuation line");
                    }
                    i++;
                }
                if (i >= lines.length) {
                    break; // the file ends on a continuation: take what we have, as BuildKit does
                }
                current = lines[i];
            }
            int end = i + 1;
            i++;
            Matcher m = INSTRUCTION.matcher(joined.toString());
            if (!m.matches()) {
                throw new DockerfileException(
                        file,
                        start,
                        "cannot read this line as an instruction: '" + TextFields.excerpt(line.strip()) + "'");
            }
            String keyword = m.group(1).toUpperCase(Locale.ROOT);
            String arguments = m.group(2) == null ? "" : m.group(2).strip();
            List<String> heredocs = new ArrayList<>();
            if (HEREDOC_INSTRUCTIONS.contains(keyword)) {
                for (Heredoc heredoc : heredocMarkers(arguments)) {
                    StringBuilder body = new StringBuilder();
                    boolean closed = false;
                    while (i < lines.length) {
                        String bodyLine = heredoc.stripTabs ? lines[i].replaceFirst("^\\t+", "") : lines[i];
                        i++;
                        if (bodyLine.equals(heredoc.delimiter)) {
                            closed = true;
                            break;
                        }
                        body.append(bodyLine).append('\n');
                    }
                    if (!closed) {
                        throw new DockerfileException(
                                file,
                                start,
                                "the heredoc <<" + heredoc.delimiter + " is never closed: add a line holding only '"
                                        + heredoc.delimiter + "'");
                    }
                    heredocs.add(body.toString());
                    end = i;
                }
            }
            instructions.add(new Instruction(keyword, arguments, start, end, heredocs));
        }
        return new ParsedDockerfile(file, escape, directives.get("syntax"), instructions, warnings);
    }

    private record Heredoc(String delimiter, boolean stripTabs) {}

    private static List<Heredoc> heredocMarkers(String arguments) {
        List<Heredoc> markers = new ArrayList<>();
        for (String word : arguments.split("\\s+")) {
            Matcher m = HEREDOC_WORD.matcher(word);
            if (m.matches()) {
                markers.add(new Heredoc(m.group(3), !m.group(1).isEmpty()));
            }
        }
        return markers;
    }

    private static boolean isBlankOrComment(String line) {
        String stripped = line.stripLeading();
        return stripped.isEmpty() || stripped.charAt(0) == '#';
    }

    /** BuildKit's {@code ([^E])E[ \t]*$|^E[ \t]*$}: group 1 is what precedes the escape. */
    private static Pattern continuationPattern(char escape) {
        String e = Pattern.quote(String.valueOf(escape));
        return Pattern.compile(
                "(?:([^" + (escape == '\\' ? "\\\\" : "`") + "])" + e + "[ \\t]*$|^()" + e + "[ \\t]*$)");
    }
}
