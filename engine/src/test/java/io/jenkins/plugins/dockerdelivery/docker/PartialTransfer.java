package io.jenkins.plugins.dockerdelivery.docker;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the line a build stopped mid-transfer logs: {@code Sent part of the context: ... (5.24 MB, 5242880 bytes)}. */
final class PartialTransfer {
    private static final Pattern LINE = Pattern.compile(
            "Sent part of the context: \\d+ entr(?:y|ies) walked, \\d+ files? sent \\([^,]+, (\\d+) bytes\\)");

    private PartialTransfer() {}

    /** The bytes of the one such line; -1 when there is none, which fails any test that looks. */
    static long bytesSent(List<String> lines) {
        List<Long> found = lines.stream()
                .map(LINE::matcher)
                .filter(Matcher::matches)
                .map(m -> Long.parseLong(m.group(1)))
                .toList();
        return found.size() == 1 ? found.get(0) : -1;
    }
}
