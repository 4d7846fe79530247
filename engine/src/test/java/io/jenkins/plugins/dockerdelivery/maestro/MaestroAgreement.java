package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files of {@code maestro/load} and the verdicts real Maestro-NG gave on them (see its README). */
final class MaestroAgreement {
    static final Map<String, String> ENV = Map.of("IMAGE_TAG", "1");

    /** One file and Maestro's recorded verdict on it. */
    record Verdict(String path, int exitCode, String said) {
        boolean refused() {
            return exitCode != 0;
        }
    }

    private MaestroAgreement() {}

    static Path root() {
        try {
            return Path.of(MaestroAgreement.class.getResource("/maestro/load").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Verdict> recorded() throws IOException {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root().resolve("verdicts.tsv"))) {
            String[] f = line.split("\t", 3);
            verdicts.put(f[0], new Verdict(f[0], Integer.parseInt(f[1]), f.length > 2 ? f[2] : ""));
        }
        return verdicts;
    }

    static List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root())) {
            return walk.filter(p -> p.toString().endsWith(".yaml"))
                    .map(p -> root().relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    /** The validator's verdict: null when it accepts the file, else its first error. */
    static String validatorRefusal(String path) throws IOException {
        Path file = root().resolve(path);
        try {
            ValidationReport report = MaestroValidator.validate(path, Files.readString(file), ENV, file.getParent());
            if (!report.checked()) {
                return "not checked: " + report.notChecked();
            }
            return report.valid() ? null : report.errors().get(0).toString();
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }
}
