package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.jinja.JinjaException;
import io.jenkins.plugins.dockerdelivery.jinja.JinjaRenderer;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a maestro.yaml as Maestro-NG does before reading it as YAML ({@code maestro/loader.py}):
 * the whole file is a Jinja2 template with a default environment whose only variable is {@code env};
 * undefined values print as nothing; {@code {% include %}} reads files below the file's directory
 * (Jinja2's FileSystemLoader refuses {@code ..}).
 */
final class MaestroTemplate {
    /** Far above any real environment file; stops a template that expands without end. */
    static final long MAX_OUTPUT = 8L * 1024 * 1024;
    /** Enough for loops over every service of a large file; a template that needs more is runaway. */
    static final long MAX_STEPS = 2_000_000;

    private static final JinjaRenderer.Limits LIMITS = new JinjaRenderer.Limits(MAX_OUTPUT, MAX_STEPS, 16);

    private MaestroTemplate() {}

    /** A template that uses a part of Jinja2 this check does not evaluate: it may well be valid. */
    static final class NotEvaluated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotEvaluated(String message) {
            super(message);
        }
    }

    /**
     * @param includeRoot the directory {@code {% include %}} reads from, or null when included files
     *     cannot be read (then a file that includes one is not checked)
     * @throws InvalidInputException where Maestro (Jinja2) would refuse the template
     * @throws NotEvaluated where the template cannot be checked here
     */
    static String render(String file, String text, Map<String, String> env, Path includeRoot) {
        Map<String, Object> variables = Map.of("env", new LinkedHashMap<Object, Object>(env));
        try {
            return JinjaRenderer.render(
                    file, text, variables, includeRoot == null ? null : new BesideTheFile(includeRoot), LIMITS);
        } catch (JinjaException e) {
            String where = e.template() + (e.line() > 0 ? ":" + e.line() : "");
            if (e.unsupported()) {
                throw new NotEvaluated(where + ": " + e.getMessage());
            }
            throw new InvalidInputException(where + ": the Jinja2 template cannot be rendered: " + e.getMessage());
        }
    }

    /** Jinja2's FileSystemLoader: names split on '/', no '..', only regular files below the root. */
    private static final class BesideTheFile implements JinjaRenderer.Loader {
        private final Path root;

        BesideTheFile(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        @Override
        public String load(String name) throws IOException {
            for (String piece : name.split("/")) {
                if (piece.equals("..")) {
                    return null;
                }
            }
            Path file = root.resolve(name).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return null;
            }
            if (Files.size(file) > MAX_OUTPUT) {
                throw new IOException("it is larger than " + MAX_OUTPUT / (1024 * 1024) + " MB");
            }
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new IOException("it is not UTF-8 text");
            }
        }
    }
}
