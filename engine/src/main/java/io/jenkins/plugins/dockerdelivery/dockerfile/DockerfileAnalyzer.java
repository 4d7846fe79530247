package io.jenkins.plugins.dockerdelivery.dockerfile;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the external base images of a Dockerfile: every {@code FROM} that is neither {@code scratch}
 * nor an earlier stage, and every {@code COPY --from=} or {@code RUN --mount=...,from=} that names an
 * image rather than a stage. {@code ARG}s before the first {@code FROM} are expanded in {@code FROM}
 * lines, with supplied build args overriding their defaults, as BuildKit does.
 */
public final class DockerfileAnalyzer {
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-_.]*");
    private static final Pattern ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String DEFAULT_PLATFORM = "linux/amd64";

    private final ParsedDockerfile parsed;
    private final Map<String, String> buildArgs;
    private final Map<String, String> globalArgs = new LinkedHashMap<>();
    private final List<Stage> stages = new ArrayList<>();
    private final List<BaseImage> bases = new ArrayList<>();
    private final Map<String, Integer> stageNames = new HashMap<>();
    /** The stage being read: its dependencies are complete only when the next FROM or the end comes. */
    private Stage pendingStage;

    private DockerfileAnalyzer(ParsedDockerfile parsed, Map<String, String> buildArgs) {
        this.parsed = parsed;
        this.buildArgs = Map.copyOf(buildArgs);
    }

    /** Parses and analyses a Dockerfile. {@code file} is only used in messages. */
    public static DockerfileAnalysis analyze(String file, String text, Map<String, String> buildArgs) {
        return analyze(DockerfileParser.parse(file, text), buildArgs);
    }

    public static DockerfileAnalysis analyze(ParsedDockerfile parsed, Map<String, String> buildArgs) {
        return new DockerfileAnalyzer(parsed, buildArgs).run();
    }

    private DockerfileAnalysis run() {
        predefinePlatformArgs();
        List<Integer> currentDeps = null;
        for (Instruction instruction : parsed.instructions()) {
            switch (instruction.keyword()) {
                case "FROM" -> {
                    closeStage(currentDeps);
                    currentDeps = new ArrayList<>();
                    from(instruction);
                }
                case "ARG" -> {
                    if (currentDeps == null) { // before the first FROM: a global ARG
                        globalArg(instruction);
                    }
                }
                case "COPY" -> requireStage(instruction, currentDeps).addAll(copyFrom(instruction));
                case "RUN" -> requireStage(instruction, currentDeps).addAll(runMountFrom(instruction));
                default -> requireStage(instruction, currentDeps);
            }
        }
        if (stages.isEmpty() && pendingStage == null) {
            throw new DockerfileException(
                    parsed.file(),
                    0,
                    "no FROM instruction: a Dockerfile must start" + " (after parser directives and ARGs) with FROM");
        }
        closeStage(currentDeps);
        return new DockerfileAnalysis(parsed.file(), stages, bases, parsed.warnings());
    }

    // --- ARG -------------------------------------------------------------------------------

    private void predefinePlatformArgs() {
        String platform = DEFAULT_PLATFORM;
        String[] parts = platform.split("/");
        for (String prefix : List.of("BUILD", "TARGET")) {
            globalArgs.put(prefix + "PLATFORM", platform);
            globalArgs.put(prefix + "OS", parts[0]);
            globalArgs.put(prefix + "ARCH", parts[1]);
            globalArgs.put(prefix + "VARIANT", "");
        }
        buildArgs.forEach((k, v) -> {
            if (globalArgs.containsKey(k)) {
                globalArgs.put(k, v);
            }
        });
    }

    private void globalArg(Instruction arg) {
        List<String> words = words(arg);
        if (words.isEmpty()) {
            throw error(arg, "ARG needs a name, as in ARG NAME or ARG NAME=default");
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (!ARG_NAME.matcher(name).matches()) {
                throw error(arg, "'" + TextFields.excerpt(name) + "' is not a valid ARG name");
            }
            if (buildArgs.containsKey(name)) {
                globalArgs.put(name, buildArgs.get(name));
            } else if (eq >= 0) {
                globalArgs.put(name, expand(arg, word.substring(eq + 1)));
            } else {
                globalArgs.remove(name); // declared without a default: unset
            }
        }
    }

    // --- FROM ------------------------------------------------------------------------------

    private void from(Instruction from) {
        List<String> words = new ArrayList<>(words(from));
        while (!words.isEmpty() && words.get(0).startsWith("--")) {
            String flag = words.remove(0);
            if (!flag.startsWith("--platform=")) {
                throw error(
                        from, "FROM does not take the flag '" + TextFields.excerpt(flag) + "' (only --platform=...)");
            }
            expand(from, flag.substring("--platform=".length())); // checks its variables
        }
        String stageName = null;
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
            stageName = words.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(stageName).matches()) {
                throw error(
                        from,
                        "'" + TextFields.excerpt(words.get(2)) + "' is not a valid stage name (a letter, then letters,"
                                + " digits, - _ .)");
            }
            if (stageNames.containsKey(stageName)) {
                throw error(
                        from,
                        "the stage name '" + TextFields.excerpt(stageName) + "' is already used on line "
                                + stages.get(stageNames.get(stageName)).line());
            }
        } else if (words.size() != 1) {
            throw error(
                    from,
                    "malformed FROM: expected FROM [--platform=...] IMAGE [AS NAME], got '"
                            + ("FROM " + from.arguments()).strip() + "'");
        }
        String written = words.get(0);
        String image = expand(from, written);
        if (image.isEmpty()) {
            throw error(
                    from,
                    "the base image '" + TextFields.excerpt(written) + "' expands to nothing: give the ARG a default"
                            + " or pass it as a build arg");
        }
        int index = stages.size();
        int fromStage = -1;
        Integer earlier = stageNames.get(image.toLowerCase(Locale.ROOT));
        if (earlier != null) {
            fromStage = earlier;
        } else if (!image.equalsIgnoreCase("scratch")) {
            bases.add(new BaseImage(
                    reference(from, image, written), from.startLine(), BaseImage.Via.FROM, index, written));
        }
        pendingStage = new Stage(index, stageName, from.startLine(), fromStage, List.of());
        if (stageName != null) {
            stageNames.put(stageName, index);
        }
    }

    private void closeStage(List<Integer> deps) {
        if (pendingStage != null) {
            stages.add(new Stage(
                    pendingStage.index(), pendingStage.name(), pendingStage.line(), pendingStage.fromStage(), deps));
            pendingStage = null;
        }
    }

    private List<Integer> requireStage(Instruction instruction, List<Integer> deps) {
        if (deps == null) {
            throw error(
                    instruction,
                    instruction.keyword() + " comes before the first FROM; only ARG may" + " come before FROM");
        }
        return deps;
    }

    // --- COPY --from / RUN --mount from ------------------------------------------------------

    private List<Integer> copyFrom(Instruction copy) {
        List<Integer> deps = new ArrayList<>();
        for (String flag : leadingFlags(copy)) {
            if (flag.startsWith("--from=")) {
                source(copy, flag.substring("--from=".length()), BaseImage.Via.COPY_FROM, deps);
            }
        }
        return deps;
    }

    private List<Integer> runMountFrom(Instruction run) {
        List<Integer> deps = new ArrayList<>();
        for (String flag : leadingFlags(run)) {
            if (!flag.startsWith("--mount=")) {
                continue;
            }
            Map<String, String> options = new HashMap<>();
            for (String field : csv(flag.substring("--mount=".length()))) {
                int eq = field.indexOf('=');
                options.put(
                        (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT),
                        eq < 0 ? "" : field.substring(eq + 1));
            }
            String type = options.getOrDefault("type", "bind");
            String fromValue = options.get("from");
            if (fromValue != null && (type.equals("bind") || type.equals("cache"))) {
                source(run, fromValue, BaseImage.Via.RUN_MOUNT_FROM, deps);
            }
        }
        return deps;
    }

    /** Resolves a {@code --from} value to an earlier stage (by name or index) or an external image. */
    private void source(Instruction instruction, String value, BaseImage.Via via, List<Integer> deps) {
        String what = via == BaseImage.Via.COPY_FROM ? "COPY --from" : "RUN --mount from";
        if (value.isEmpty()) {
            throw error(instruction, what + " is empty");
        }
        if (value.contains("$")) {
            throw error(
                    instruction,
                    "variable expansion is not supported for " + what + " ('" + TextFields.excerpt(value) + "')");
        }
        int current = pendingStage.index();
        if (value.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(value);
            if (index >= current) {
                throw error(
                        instruction,
                        what + "=" + value + " names stage " + index + ", which is not an earlier stage (this is stage "
                                + current + ")");
            }
            deps.add(index);
            return;
        }
        Integer stage = stageNames.get(value.toLowerCase(Locale.ROOT));
        if (stage != null) {
            deps.add(stage);
        } else if (!value.equalsIgnoreCase("scratch")) {
            bases.add(
                    new BaseImage(reference(instruction, value, value), instruction.startLine(), via, current, value));
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    private ImageReference reference(Instruction instruction, String image, String written) {
        try {
            return ImageReference.parse(image);
        } catch (InvalidInputException e) {
            String expandedNote = image.equals(written) ? "" : " ('" + TextFields.excerpt(written) + "' expanded)";
            throw error(instruction, e.getMessage() + expandedNote);
        }
    }

    private String expand(Instruction instruction, String text) {
        try {
            return new VariableExpander(globalArgs, parsed.escape()).expand(text);
        } catch (IllegalArgumentException e) {
            throw error(instruction, e.getMessage());
        }
    }

    private DockerfileException error(Instruction instruction, String problem) {
        return new DockerfileException(parsed.file(), instruction.startLine(), problem);
    }

    /** The {@code --flag=value} words at the start of an instruction's arguments. */
    private static List<String> leadingFlags(Instruction instruction) {
        List<String> flags = new ArrayList<>();
        for (String word : splitWords(instruction.arguments())) {
            if (!word.startsWith("--")) {
                break;
            }
            flags.add(word);
        }
        return flags;
    }

    private static List<String> words(Instruction instruction) {
        return splitWords(instruction.arguments());
    }

    /** Splits on white space outside quotes; quotes stay in the words (expansion removes them). */
    static List<String> splitWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                word.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word.append(c);
            } else if (Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** Comma-separated fields, a field may be quoted ("a,b"). */
    private static List<String> csv(String text) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().trim());
        return fields;
    }
}
