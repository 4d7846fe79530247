package io.jenkins.plugins.dockerdelivery.maestro;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Renders a maestro.yaml as Maestro-NG does before reading it as YAML: the whole file is a Jinja2
 * template whose only variable is {@code env}; undefined values become empty; {@code {% include %}}
 * reads files beside it (and only there).
 */
final class MaestroTemplate {
    /** Far above any real environment file; stops a template that expands without end. */
    private static final long MAX_OUTPUT = 8L * 1024 * 1024;

    private MaestroTemplate() {}

    static String render(String file, String text, Map<String, String> env, Path includeRoot) {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(false)
                .withMaxOutputSize(MAX_OUTPUT)
                .withMaxMacroRecursionDepth(20)
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.setResourceLocator(new BesideTheFile(includeRoot));
        RenderResult result = jinjava.renderForResult(text, Map.of("env", env));
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new InvalidInputException(file + ":" + Math.max(error.getLineno(), 1)
                        + ": the Jinja2 template cannot be" + " rendered: " + error.getMessage());
            }
        }
        return result.getOutput();
    }

    /** Includes resolve beside the environment file, never outside its directory. */
    private static final class BesideTheFile implements ResourceLocator {
        private final Path root;

        BesideTheFile(Path root) {
            this.root = root == null ? null : root.toAbsolutePath().normalize();
        }

        @Override
        public String getString(
                String name, Charset encoding, com.hubspot.jinjava.interpret.JinjavaInterpreter interpreter)
                throws IOException {
            if (root == null) {
                throw new ResourceNotFoundException("includes are not available here: " + name);
            }
            Path file = root.resolve(name).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                throw new ResourceNotFoundException("no file '" + name + "' beside the environment file");
            }
            return Files.readString(file, encoding);
        }
    }
}
