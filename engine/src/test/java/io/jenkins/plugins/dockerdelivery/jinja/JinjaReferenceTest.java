package io.jenkins.plugins.dockerdelivery.jinja;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The renderer against Jinja2 itself: every template of {@code jinja/cases.json} renders to what
 * Jinja2 printed, or fails where Jinja2 failed. The verdicts were recorded with python3-jinja2
 * ({@code record-verdicts.py}); where python3 with jinja2 is installed, they are recorded again live
 * and must not have changed.
 */
class JinjaReferenceTest {
    /** Templates Jinja2 renders that this renderer reports as not evaluated, rather than guessing. */
    private static final Set<String> NOT_EVALUATED = Set.of(
            "{{ '%s' % 1 }}",
            "{{ 'abc'.zfill(5) }}",
            "{% macro m() %}x{% endmacro %}{{ m() }}",
            "{{ [1,2,3]|join('-', attribute='x') }}");

    static JsonNode recorded() throws IOException {
        try (InputStream in = JinjaReferenceTest.class.getResourceAsStream("/jinja/verdicts.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Map<String, Object> env(JsonNode verdicts) {
        Map<String, Object> env = new LinkedHashMap<>();
        verdicts.get("env")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    @Test
    void everyTemplateRendersOrFailsAsInJinja2() throws IOException {
        JsonNode verdicts = recorded();
        Map<String, Object> variables = Map.of("env", env(verdicts));
        List<String> disagreements = new ArrayList<>();
        for (JsonNode c : verdicts.get("cases")) {
            String template = c.get("template").asText();
            String mine;
            try {
                mine = "ok: " + JinjaRenderer.render("t", template, variables, JinjaReferenceTest::load, LIMITS);
            } catch (JinjaException e) {
                mine = (e.unsupported() ? "not evaluated: " : "error: ") + e.getMessage();
            }
            String jinja2 = c.get("ok").asBoolean()
                    ? "ok: " + c.get("output").asText()
                    : "error: " + c.get("error").asText();
            boolean agree = NOT_EVALUATED.contains(template)
                    ? mine.startsWith("not evaluated: ")
                    : jinja2.startsWith("ok: ") ? jinja2.equals(mine) : mine.startsWith("error: ");
            if (!agree) {
                disagreements.add(template + "\n    Jinja2: " + jinja2 + "\n    here:   " + mine);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void theRecordedVerdictsAreJinja2sOwn() throws Exception {
        Path script = Path.of("src/test/resources/jinja/record-verdicts.py");
        Path cases = Path.of("src/test/resources/jinja/cases.json");
        Assumptions.assumeTrue(
                pythonHasJinja2(),
                "python3 with jinja2 (Debian: python3-jinja2) is not installed: compared with the"
                        + " recorded verdicts only");
        Process p = new ProcessBuilder("python3", script.toString(), cases.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String live = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode fresh = new ObjectMapper().readTree(live);
        List<String> changed = new ArrayList<>();
        JsonNode before = recorded().get("cases");
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(fresh.get("cases").get(i))) {
                changed.add(before.get(i) + "\n    now: " + fresh.get("cases").get(i));
            }
        }
        assertThat(changed).isEmpty();
    }

    static boolean pythonHasJinja2() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import jinja2").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static final JinjaRenderer.Limits LIMITS = new JinjaRenderer.Limits(1 << 20, 1_000_000, 10);

    private static String load(String name) {
        return name.equals("ships.yaml") ? "ships: {{ env.N }}" : null;
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
