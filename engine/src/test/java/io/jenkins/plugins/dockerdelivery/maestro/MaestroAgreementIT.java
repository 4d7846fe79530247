package io.jenkins.plugins.dockerdelivery.maestro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every file of {@code maestro/load} loaded by real Maestro-NG 0.8.3 ({@code maestro -f FILE deptree},
 * which reads the file as every command does, without a Docker Engine): its exit code is the one
 * recorded in {@code verdicts.tsv}, and the validator agrees with it. Real Maestro is the launcher of
 * the shared Maestro-NG tools ({@code DD_MAESTRO_NG_TOOLS}, else {@code shared/tools/maestro-ng}
 * beside a parent directory) on the source checkout {@code MAESTRO_NG_SRC}. Where either is missing
 * (CI cannot fetch the source) the test is skipped naming what is missing, even with {@code CI=true}:
 * the recorded verdicts carry the check ({@link MaestroAgreementTest}).
 */
class MaestroAgreementIT {
    @Test
    void realMaestroStillGivesTheRecordedVerdictsAndTheValidatorAgrees() throws Exception {
        Path launcher = launcher();
        // one Python process per file, a few at a time: each takes about a second on an idle machine
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> results = new ArrayList<>();
        for (MaestroAgreement.Verdict recorded : MaestroAgreement.recorded().values()) {
            results.add(pool.submit(() -> difference(launcher, recorded)));
        }
        pool.shutdown();
        List<String> differences = new ArrayList<>();
        for (Future<String> result : results) {
            String difference = result.get();
            if (difference != null) {
                differences.add(difference);
            }
        }
        assertThat(differences).isEmpty();
    }

    /** Null when real Maestro, the recorded verdict and the validator agree on the file. */
    private static String difference(Path launcher, MaestroAgreement.Verdict recorded) throws Exception {
        Path file = MaestroAgreement.root().resolve(recorded.path());
        ProcessBuilder pb = new ProcessBuilder(
                        launcher.toString(), "-f", file.getFileName().toString(), "deptree")
                .directory(file.getParent().toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(MaestroAgreement.ENV);
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return recorded.path() + ": Maestro did not finish in 300 s";
        }
        boolean refused = p.exitValue() != 0;
        boolean validatorRefuses = MaestroAgreement.validatorRefusal(recorded.path()) != null;
        if (refused != recorded.refused() || validatorRefuses != refused) {
            return recorded.path() + ": Maestro now exits " + p.exitValue() + " (recorded " + recorded.exitCode()
                    + "), the validator " + (validatorRefuses ? "refuses" : "accepts");
        }
        return null;
    }

    private static Path launcher() {
        String src = System.getenv("MAESTRO_NG_SRC");
        if (src == null || src.isBlank()) {
            Assumptions.abort("MAESTRO_NG_SRC is not set: real Maestro-NG 0.8.3 is not available here (see the"
                    + " shared Maestro-NG tools README); the recorded verdicts carry the check");
        }
        if (!Files.isRegularFile(Path.of(src, "maestro", "__main__.py"))) {
            Assumptions.abort("MAESTRO_NG_SRC=" + src + " holds no maestro/__main__.py");
        }
        String explicit = System.getenv("DD_MAESTRO_NG_TOOLS");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit, "maestro");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/tools/maestro-ng/maestro");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("the Maestro-NG launcher (shared/tools/maestro-ng/maestro) is not found: set"
                + " DD_MAESTRO_NG_TOOLS to its directory");
        throw new IllegalStateException();
    }
}
