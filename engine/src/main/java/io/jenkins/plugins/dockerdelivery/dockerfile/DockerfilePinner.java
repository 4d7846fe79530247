package io.jenkins.plugins.dockerdelivery.dockerfile;

import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a Dockerfile so that its references to pinned bases ({@code FROM}, {@code COPY --from=},
 * {@code RUN --mount=...,from=}, after ARG expansion) name the pinned digest: {@code FROM
 * ${REGISTRY}/team/base:${TAG}} becomes {@code FROM registry/team/base:7@sha256:...}.
 *
 * <p>The rewrite is in place: only the reference's characters change, every other byte and every
 * line stays where it was, so a build error's line number still points at the user's Dockerfile.
 * Stages are never pinned, whatever they are called: only what {@link DockerfileAnalyzer} found to
 * be an external image is.
 */
public final class DockerfilePinner {
    private DockerfilePinner() {}

    /**
     * One reference that was pinned.
     *
     * @param line the 1-based line it is on
     * @param via how the Dockerfile uses it
     * @param reference the reference as the build would have resolved it, after ARG expansion
     * @param pin the pin applied
     */
    public record Applied(int line, BaseImage.Via via, ImageReference reference, BasePin pin) {
        /** The build log line: "FROM registry/team/base:7 pinned to sha256:..., pushed by base in this run". */
        public String describe() {
            String what = switch (via) {
                case FROM -> "FROM";
                case COPY_FROM -> "COPY --from";
                case RUN_MOUNT_FROM -> "RUN --mount from";
            };
            return what + " " + reference.familiar() + " pinned to " + pin.digest() + ", " + pin.origin() + " (line "
                    + line + ")";
        }
    }

    /**
     * The rewritten Dockerfile.
     *
     * @param text the Dockerfile to build: same lines as the original, pinned references rewritten
     * @param applied every reference that was pinned, in file order
     * @param finalBase the pin of the image the built target stage is FROM, if that one was pinned:
     *     what the {@code org.opencontainers.image.base.*} labels describe; null otherwise
     */
    public record Result(String text, List<Applied> applied, BasePin finalBase) {
        public Result {
            applied = List.copyOf(applied);
        }
    }

    /**
     * @param file the Dockerfile's name, for messages
     * @param text its content
     * @param buildArgs the build args of the build (they expand ARGs in FROM)
     * @param target the stage built, or null for the last
     */
    public static Result pin(
            String file,
            String text,
            Map<String, String> buildArgs,
            String target,
            List<BasePin> pins,
            MatchLevel level) {
        ParsedDockerfile parsed = DockerfileParser.parse(file, text);
        DockerfileAnalysis analysis = DockerfileAnalyzer.analyze(parsed, buildArgs);
        Map<Integer, Instruction> byLine = new HashMap<>();
        parsed.instructions().forEach(i -> byLine.put(i.startLine(), i));
        int[] lineStarts = lineStarts(text);

        record Edit(int start, int end, String replacement) {}
        List<Edit> edits = new ArrayList<>();
        List<Applied> applied = new ArrayList<>();
        Map<Integer, Integer> searchFrom = new HashMap<>(); // per instruction: past the last edit
        Map<Integer, BasePin> pinnedStages = new HashMap<>();
        for (BaseImage base : analysis.bases()) {
            BasePin pin = pins.stream()
                    .filter(p -> p.appliesTo(base.image(), level))
                    .findFirst()
                    .orElse(null);
            if (pin == null) {
                continue;
            }
            Instruction instruction = byLine.get(base.line());
            int from = searchFrom.getOrDefault(
                    base.line(), lineStarts[base.line() - 1] + keywordLength(text, lineStarts[base.line() - 1]));
            int to = instruction.endLine() < lineStarts.length ? lineStarts[instruction.endLine()] : text.length();
            int at = find(text, base, from, to);
            if (at < 0) {
                throw new DockerfileException(
                        file,
                        base.line(),
                        "cannot pin '" + base.written() + "' to " + pin.digest()
                                + ": write the reference on one line, unquoted, so that it can be rewritten in place");
            }
            edits.add(new Edit(at, at + base.written().length(), pin.pinnedReference()));
            searchFrom.put(base.line(), at + base.written().length());
            applied.add(new Applied(base.line(), base.via(), base.image(), pin));
            if (base.via() == BaseImage.Via.FROM) {
                pinnedStages.put(base.stage(), pin);
            }
        }
        StringBuilder out = new StringBuilder(text);
        edits.stream()
                .sorted(Comparator.comparingInt(Edit::start).reversed())
                .forEach(e -> out.replace(e.start(), e.end(), e.replacement()));
        return new Result(out.toString(), applied, pinnedStages.get(rootStage(analysis, target)));
    }

    /** The stage whose FROM names the image a build of {@code target} is based on. */
    private static int rootStage(DockerfileAnalysis analysis, String target) {
        List<Stage> stages = analysis.stages();
        int stage = stages.size() - 1;
        if (target != null) {
            for (Stage s : stages) {
                if (target.equalsIgnoreCase(s.name())) {
                    stage = s.index();
                }
            }
        }
        while (stages.get(stage).fromStage() >= 0) {
            stage = stages.get(stage).fromStage();
        }
        return stage;
    }

    /**
     * Where the reference is written between {@code from} and {@code to}: for FROM the word itself,
     * for the others the value after {@code from=}; -1 when it is not written in one piece there.
     */
    private static int find(String text, BaseImage base, int from, int to) {
        String word = base.written();
        String prefix = base.via() == BaseImage.Via.FROM ? "" : "from=";
        for (int at = text.indexOf(prefix + word, from); at >= 0 && at < to; at = text.indexOf(prefix + word, at + 1)) {
            int start = at + prefix.length();
            int end = start + word.length();
            boolean startOk = prefix.isEmpty()
                    ? start == 0 || Character.isWhitespace(text.charAt(start - 1))
                    : at == 0
                            || "-,\"".indexOf(text.charAt(at - 1)) >= 0
                            || Character.isWhitespace(text.charAt(at - 1));
            boolean endOk = end == text.length()
                    || Character.isWhitespace(text.charAt(end))
                    || (!prefix.isEmpty() && (text.charAt(end) == ',' || text.charAt(end) == '"'));
            if (startOk && endOk && end <= to) {
                return start;
            }
        }
        return -1;
    }

    /** The length of the instruction keyword (and the spaces before it) at the start of a line. */
    private static int keywordLength(String text, int lineStart) {
        int i = lineStart;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\uFEFF')) {
            i++;
        }
        while (i < text.length() && Character.isLetter(text.charAt(i))) {
            i++;
        }
        return i - lineStart;
    }

    /** The offset of the first character of each line (1-based line n starts at [n - 1]). */
    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }
}
