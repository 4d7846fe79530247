package io.jenkins.plugins.dockerdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Inside Jenkins the plugin runs on core's and its API plugins' libraries, not on the ones the engine names: the
 * engine's tests prove the plugin only if they run on those same versions. This test holds the engine's class path
 * and the plugin's pom to one table, {@code jenkins-runtime-versions.txt}, so a mismatch (jsch 2.28's
 * {@code Channel.getExitSignal()} against the jsch plugin's 0.2.16 was one) cannot come back unnoticed.
 */
class RuntimeVersionsTest {
    private static final Path TABLE = Path.of("..", "jenkins-runtime-versions.txt");
    private static final Path PLUGIN_POM = Path.of("..", "plugin", "pom.xml");
    /** Written by maven-dependency-plugin's list goal (see engine/pom.xml) in generate-test-resources. */
    private static final Path RESOLVED = Path.of("target", "runtime-dependencies.txt");

    private static final Pattern RESOLVED_LINE =
            Pattern.compile("^\\s+([^:\\s]+):([^:\\s]+):[^:\\s]+(?::[^:\\s]+)?:([^:\\s]+):(compile|runtime)\\b");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    record Row(String groupId, String artifactId, String version, String providedBy) {
        String key() {
            return groupId + ":" + artifactId;
        }

        boolean excludedFromThePlugin() {
            return !providedBy.equals("bundled");
        }

        boolean fromAnApiPlugin() {
            return providedBy.contains(":");
        }
    }

    private static Map<String, Row> table;

    @BeforeAll
    static void readTable() throws IOException {
        table = new LinkedHashMap<>();
        for (String line : Files.readAllLines(TABLE)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.trim().split("\\s+");
            assertThat(cells)
                    .as("a row of %s: groupId:artifactId version provider: %s", TABLE, line)
                    .hasSize(3);
            String[] ga = cells[0].split(":");
            Row row = new Row(ga[0], ga[1], cells[1], cells[2]);
            assertThat(table.put(row.key(), row))
                    .as("%s is in the table twice", row.key())
                    .isNull();
        }
        assertThat(table).isNotEmpty();
    }

    @Test
    void everyRuntimeDependencyOfTheEngineIsInTheTableAtItsVersion() throws IOException {
        Map<String, String> resolved = new TreeMap<>();
        for (String line : Files.readAllLines(RESOLVED)) {
            Matcher m = RESOLVED_LINE.matcher(ANSI.matcher(line).replaceAll(""));
            if (m.find()) {
                resolved.put(m.group(1) + ":" + m.group(2), m.group(3));
            }
        }
        assertThat(resolved)
                .as("the runtime dependencies listed in %s", RESOLVED)
                .isNotEmpty();
        Map<String, String> expected = new TreeMap<>();
        table.values().forEach(row -> expected.put(row.key(), row.version()));
        assertThat(resolved)
                .as(
                        "the engine's runtime dependencies against %s: add a new library there with who provides it"
                                + " inside Jenkins, and build on the version Jenkins loads",
                        TABLE)
                .isEqualTo(expected);
    }

    @Test
    void theJarsOnTheClassPathAreTheTableVersions() throws IOException {
        List<String> wrong = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Row row : table.values()) {
            String resource = "META-INF/maven/" + row.groupId() + "/" + row.artifactId() + "/pom.properties";
            for (URL url : Collections.list(getClass().getClassLoader().getResources(resource))) {
                if (!jarName(url).startsWith(row.artifactId() + "-")) {
                    continue; // a copy shaded into another jar (surefire's own utilities carry some)
                }
                Properties properties = new Properties();
                try (InputStream in = url.openStream()) {
                    properties.load(in);
                }
                seen.add(row.key());
                String version = properties.getProperty("version");
                if (!row.version().equals(version)) {
                    wrong.add(row.key() + " " + version + " (the table says " + row.version() + ") in " + url);
                }
            }
        }
        assertThat(wrong)
                .as("jars on the class path at another version than Jenkins loads")
                .isEmpty();
        // Most jars carry their pom.properties; the few that do not are covered by the resolved list above.
        assertThat(seen)
                .contains(
                        "com.github.mwiede:jsch",
                        "com.fasterxml.jackson.core:jackson-databind",
                        "org.yaml:snakeyaml",
                        "com.github.docker-java:docker-java-core",
                        "commons-io:commons-io");
    }

    @Test
    void thePluginPomExcludesAndDependsOnWhatTheTableSays() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(PLUGIN_POM.toFile());
        Set<String> dependencies = new TreeSet<>();
        Set<String> exclusions = new TreeSet<>();
        NodeList nodes = pom.getElementsByTagName("dependency");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element dependency = (Element) nodes.item(i);
            if (!(dependency.getParentNode().getParentNode() instanceof Element parent)
                    || !parent.getTagName().equals("project")) {
                continue; // dependencyManagement
            }
            String key = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
            dependencies.add(key);
            if (key.equals("io.jenkins.plugins:docker-delivery-engine")) {
                NodeList excluded = dependency.getElementsByTagName("exclusion");
                for (int j = 0; j < excluded.getLength(); j++) {
                    Element e = (Element) excluded.item(j);
                    exclusions.add(text(e, "groupId") + ":" + text(e, "artifactId"));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (Row row : table.values()) {
            boolean excluded = exclusions.contains(row.key()) || exclusions.contains(row.groupId() + ":*");
            if (row.excludedFromThePlugin() && !excluded) {
                problems.add(row.key() + " is provided by " + row.providedBy() + " but the plugin would bundle it");
            }
            if (!row.excludedFromThePlugin() && excluded) {
                problems.add(row.key() + " is bundled by the table but excluded by the plugin pom");
            }
            if (row.fromAnApiPlugin() && !dependencies.contains(row.providedBy())) {
                problems.add(row.key() + " comes from " + row.providedBy() + ", which the plugin does not depend on");
            }
        }
        assertThat(problems).as("%s against %s", PLUGIN_POM, TABLE).isEmpty();
    }

    /** The file name of the jar a {@code jar:file:...!/entry} URL points into. */
    private static String jarName(URL url) {
        String path = url.getPath();
        int bang = path.indexOf("!/");
        String jar = bang < 0 ? path : path.substring(0, bang);
        return jar.substring(jar.lastIndexOf('/') + 1);
    }

    private static String text(Element parent, String tag) {
        NodeList children = parent.getElementsByTagName(tag);
        return children.getLength() == 0
                ? ""
                : children.item(0).getTextContent().trim();
    }
}
