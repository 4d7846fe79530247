package io.jenkins.plugins.dockerdelivery.maestro;

/**
 * Whether Python's {@code shlex.split} (POSIX mode) accepts a command line, as Maestro's exec and
 * rexec checks split theirs: quotes must close and a backslash must escape something.
 */
final class ShellWords {
    private ShellWords() {}

    /** Null when the line splits, else shlex's reason. */
    static String problem(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                }
            } else if (c == '\\' && (quote == 0 || quote == '"')) {
                if (i + 1 >= line.length()) {
                    return "No escaped character";
                }
                i++;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return quote == 0 ? null : "No closing quotation";
    }
}
