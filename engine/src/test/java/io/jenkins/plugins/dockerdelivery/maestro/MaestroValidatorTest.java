package io.jenkins.plugins.dockerdelivery.maestro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaestroValidatorTest {
    private static final String VALID = """
            __maestro:
              schema: 2
            name: shop
            ships:
              web1: {ip: 10.0.0.11}
              web2: {ip: 10.0.0.12}
            services:
              db:
                image: postgres:16
                instances:
                  db-1: {ship: web1}
              web:
                image: {{ env.REGISTRY | default('localhost:5000') }}/team/shop:{{ env.IMAGE_TAG }}
                requires: [db]
                instances:
                  web-1: {ship: web1, ports: {http: 80}}
                  web-2:
                    ship: web2
                    image: registry.example.com/team/shop:canary
            """;

    private static ValidationReport validate(String yaml) {
        return MaestroValidator.validate("maestro.yaml", yaml, Map.of("IMAGE_TAG", "1.4.2"), null);
    }

    @Test
    void aValidFileRendersWithTheEnvironmentAndReportsWhoRunsTheImage() {
        ValidationReport report = MaestroValidator.validate(
                "maestro.yaml", VALID, Map.of("IMAGE_TAG", "1.4.2", "REGISTRY", "registry.example.com"), null);
        assertThat(report.errors()).isEmpty();
        assertThat(report.uses(ImageReference.parse("registry.example.com/team/shop")))
                .extracting(
                        u -> u.service() + "/" + u.instance() + "=" + u.image().tag())
                .containsExactly("web/null=1.4.2", "web/web-2=canary");
    }

    @Test
    void theExampleAppsValidate() throws IOException {
        for (String app : new String[] {"shop", "blog", "shop-plugins"}) {
            Path file = Path.of("..", "examples", "apps", app, "maestro.yaml");
            ValidationReport report = MaestroValidator.validate(
                    file.toString(), Files.readString(file), Map.of("IMAGE_TAG", "7"), file.getParent());
            assertThat(report.errors()).as(app).isEmpty();
            assertThat(report.warnings()).as(app).isEmpty();
        }
    }

    @Test
    void everyErrorClassNamesTheLineAndKey() {
        ValidationReport report = validate("""
                ships:
                  web1: {address: 10.0.0.11}
                services:
                  web:
                    requires: [dbb]
                    instances:
                      web-1: {ship: nowhere, comand: "sleep 1"}
                      web-2: {}
                  worker:
                    image: Team/Worker:1
                    instances: {worker-1: {ship: web1}}
                  idle:
                    image: idle:1
                    instances: {}
                """);
        assertThat(report.errors())
                .extracting(ValidationReport.Problem::toString)
                .containsExactly(
                        "maestro.yaml:1: name: is missing: Maestro needs the environment's name",
                        "maestro.yaml:2: ships.web1.ip: is missing: every ship needs the address Maestro checks it at",
                        "maestro.yaml:4: services.web.image: is missing: every service needs its image",
                        "maestro.yaml:7: services.web.instances.web-1.ship: 'nowhere' is not one of the ships (web1)",
                        "maestro.yaml:8: services.web.instances.web-2.ship: is missing: every instance runs on a ship",
                        "maestro.yaml:10: services.worker.image: Invalid image reference 'Team/Worker:1': repository names must be lower-case ('Worker'). Maestro loads it, but Docker cannot pull it.",
                        "maestro.yaml:5: services.web.requires: 'dbb' is not a service (services: web, worker, idle)");
        assertThat(report.warnings())
                .extracting(ValidationReport.Problem::toString)
                .containsExactly(
                        "maestro.yaml:7: services.web.instances.web-1.comand: is not a key Maestro knows, so it ignores it silently; a typo?",
                        "maestro.yaml:14: services.idle.instances: is empty: Maestro accepts it, and nothing of idle is deployed");
    }

    @Test
    void dependencyCyclesAndDuplicateInstanceNames() {
        ValidationReport report = validate("""
                name: x
                ships: {s: {ip: 1.2.3.4}}
                services:
                  a: {image: a, requires: [b], instances: {one: {ship: s}}}
                  b: {image: b, requires: c, instances: {two: {ship: s}}}
                  c: {image: c, requires: [a], instances: {one: {ship: s}}}
                """);
        assertThat(report.errors())
                .extracting(ValidationReport.Problem::toString)
                .containsExactly(
                        "maestro.yaml:6: services.c.instances.one: the instance name 'one' is also used by service 'a': instance names are container names and must be unique",
                        "maestro.yaml:4: services: dependency cycle through requires: a -> b -> c -> a");
    }

    @Test
    void yamlThatIsNotSafeOrNotValidIsRefusedWithItsLine() {
        assertThatThrownBy(() -> validate("name: x\nname: y\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("duplicate key name");
        assertThatThrownBy(() -> validate("name: !!javax.script.ScriptEngineManager [x]\n"))
                .hasMessageContaining("maestro.yaml:1:");
        assertThatThrownBy(() -> validate("{% if %}\n"))
                .hasMessageStartingWith("maestro.yaml:1: the Jinja2 template cannot be rendered");
    }

    @Test
    void billionLaughsIsStoppedQuickly() {
        StringBuilder bomb =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append("]\n");
        }
        assertThatThrownBy(() -> validate(bomb.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("alias");
    }

    @Test
    void aFiftyMegabyteFileIsAClearErrorWithoutReadingItAll() {
        String big = "x".repeat(50 * 1024 * 1024);
        assertThatThrownBy(() -> validate(big))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 52428800 characters")
                .hasMessageContaining("Is it the right file?");
    }

    @Test
    void includesReadOnlyBesideTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ships.yaml"), "ships:\n  s: {ip: 10.0.0.1}\n");
        String text = "name: x\n{% include 'ships.yaml' %}\nservices:\n  a: {image: a, instances: {a-1: {ship: s}}}\n";
        assertThat(MaestroValidator.validate("m.yaml", text, Map.of(), dir).errors())
                .isEmpty();
        assertThatThrownBy(() -> MaestroValidator.validate("m.yaml", "{% include '../../etc/passwd' %}", Map.of(), dir))
                .hasMessageContaining("cannot be rendered");
    }

    @Test
    void theBrokenConfigsOfTheRealTranscriptsAreCaughtBeforeMaestroTracebacks() throws IOException, URISyntaxException {
        Path transcripts =
                Path.of(getClass().getResource("/maestro/transcripts").toURI());
        assertThat(validateFile(transcripts.resolve("22-config-unknown-ship/maestro.yaml"))
                        .errors())
                .anyMatch(p -> p.message().contains("'nowhere' is not one of the ships"));
        assertThat(validateFile(transcripts.resolve("23-config-missing-image/maestro.yaml"))
                        .errors())
                .anyMatch(p -> p.key().endsWith(".image") && p.message().startsWith("is missing"));
        assertThatThrownBy(() -> validateFile(transcripts.resolve("24-yaml-syntax-error/maestro.yaml")))
                .hasMessageContaining("maestro.yaml:20:");
        assertThat(validateFile(transcripts.resolve("02-start-with-dependency/maestro.yaml"))
                        .errors())
                .isEmpty();
    }

    private static ValidationReport validateFile(Path file) throws IOException {
        return MaestroValidator.validate(
                file.getParent().getFileName() + "/maestro.yaml", Files.readString(file), Map.of(), file.getParent());
    }

    // ---- issue 10 item 9: no crash, bounded, on any input

    @Test
    void emptyAndCommentOnlyFilesAreRefusedAsMaestroRefusesThem() {
        for (String text : new String[] {"", "\n", "# nothing here yet\n", "{# a comment #}\n", "---\n"}) {
            assertThat(validate(text).errors())
                    .as(text)
                    .extracting(ValidationReport.Problem::toString)
                    .containsExactly("maestro.yaml:1: (document): is empty: Maestro needs name, ships and services");
        }
    }

    @Test
    void wrongTypesAreErrorsNamingTheKeyNotCrashes() {
        assertThat(validate("name: x\nships: 5\nservices: {}\n").errors())
                .extracting(ValidationReport.Problem::toString)
                .containsExactly("maestro.yaml:2: ships: must be a mapping, not the int '5'");
        assertThat(validate("name: x\nships: {s: 5}\nservices: [a]\n").errors())
                .extracting(ValidationReport.Problem::toString)
                .containsExactly(
                        "maestro.yaml:2: ships.s: must be a mapping, not the int '5'",
                        "maestro.yaml:3: services: must be a mapping, not a list");
        assertThat(validate("name: x\nships: {s: {ip: 1.2.3.4}}\nservices: {a: 5, b: {image: b, instances: 7}}\n")
                        .errors())
                .extracting(ValidationReport.Problem::toString)
                .containsExactly(
                        "maestro.yaml:3: services.a: must be a mapping, not the int '5'",
                        "maestro.yaml:3: services.b.instances: must be a mapping, not the int '7'");
        assertThat(validate("- a\n- b\n").errors())
                .extracting(ValidationReport.Problem::toString)
                .containsExactly("maestro.yaml:1: (document): must be a mapping with name, ships and services");
    }

    @Test
    void deepJinjaIsAClearErrorNotAStackOverflow() {
        String ifs = "{% if true %}".repeat(5000) + "x" + "{% endif %}".repeat(5000);
        String parentheses = "{{ " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + " }}";
        String filters = "{{ 1" + "|abs".repeat(20_000) + " }}";
        String sum = "{{ 1" + "+1".repeat(20_000) + " }}";
        String lists = "{{ " + "[".repeat(10_000) + "]".repeat(10_000) + " }}";
        for (String template : new String[] {
            ifs, parentheses, filters, sum, lists, "{{ " + "(".repeat(4000) + "1" + ")".repeat(4000) + " }}"
        }) {
            assertThatThrownBy(() -> validate("name: x\ncommand: \"" + template + "\"\n"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("maestro.yaml:2: the Jinja2 template cannot be rendered: ")
                    .hasMessageContaining("this check stops there (Jinja2 fails too)");
        }
    }

    @Test
    void aTemplateThatExpandsWithoutEndIsStopped() {
        assertThatThrownBy(() -> validate(
                        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}" + "{% endfor %}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("this check stops there");
        assertThatThrownBy(() -> validate("{{ 'x' * 1000000000 }}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("grows past");
        assertThatThrownBy(() -> validate("{{ 9 ** 999999999 }}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("too large");
    }

    // ---- issue 10 item 10: the template is rendered as Jinja2 renders it

    @Test
    void jinjaArithmeticRendersAsInJinja2() {
        ValidationReport report = MaestroValidator.validate("maestro.yaml", """
                name: shop-{{ 1+1 }}
                ships: {s: {ip: 10.0.0.1}}
                services:
                  web:
                    {% set n = 4 %}
                    image: reg:5000/shop:{{ env.IMAGE_TAG|int+1 }}
                    instances:
                      web-{{ n+1 }}: {ship: s}
                """, Map.of("IMAGE_TAG", "41"), null);
        assertThat(report.errors()).isEmpty();
        assertThat(report.images())
                .extracting(ValidationReport.ImageUse::written)
                .containsExactly("reg:5000/shop:42");
    }

    @Test
    void jinjaSyntaxErrorsAndUndefinedArithmeticAreRefusedAsJinja2RefusesThem() {
        assertThatThrownBy(() -> validate("name: x\n{% for x in %}{% endfor %}\n"))
                .hasMessage(
                        "maestro.yaml:2: the Jinja2 template cannot be rendered: Expected an expression, got 'end of"
                                + " statement block'");
        assertThatThrownBy(() -> validate("name: x\ncommand: sleep {{ n+1 }}\n"))
                .hasMessage("maestro.yaml:2: the Jinja2 template cannot be rendered: 'n' is undefined");
    }

    // ---- issue 12 point 8

    @Test
    void anUnknownFilterIsNamedAsMaestroNamesIt() {
        assertThatThrownBy(() -> validate("__maestro: {schema: 2}\nname: {{ env.X | nosuchfilter }}\nships: {}\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("maestro.yaml:2: the Jinja2 template cannot be rendered: No filter named 'nosuchfilter'.");
    }

    @Test
    void includesThatCannotBeReadMakeTheFileNotCheckedRatherThanInvalid() {
        ValidationReport report = validate("name: x\n{% include 'ships.yaml' %}\n");
        assertThat(report.checked()).isFalse();
        assertThat(report.valid()).isTrue();
        assertThat(report.notChecked()).contains("{% include %}");
    }
}
