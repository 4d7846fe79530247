package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/docker-delivery}, the launcher, and its class-data archive: made by a build-push that
 * builds an image (not by one that only prints its help), used by the next runs, and made again for
 * another JVM (which would otherwise ignore it without a word, and every cold build would be slower);
 * and on Java 24 and later, a build's output without the JVM's warning about {@code sun.misc.Unsafe}.
 */
class LauncherIT {
    @TempDir
    Path checkout; // a copy of the launcher and the jar, laid out as in the source tree

    @TempDir
    Path context;

    private Path launcher;
    private Path archive;
    private Path madeBy;
    private String dockerHost; // the test environment's daemon, for the tests that build

    @BeforeEach
    void layOutACheckout() throws IOException {
        launcher = Files.createDirectories(checkout.resolve("bin")).resolve("docker-delivery");
        Files.copy(Path.of(System.getProperty("cli.launcher")), launcher);
        launcher.toFile().setExecutable(true);
        Path target = Files.createDirectories(checkout.resolve("cli/target"));
        Files.copy(Path.of(System.getProperty("cli.jar")), target.resolve("docker-delivery.jar"));
        archive = target.resolve("docker-delivery.jsa");
        madeBy = target.resolve("docker-delivery.jsa.jvm");
    }

    @Test
    void onlyABuildThatSucceededLeavesAnArchive() throws Exception {
        // no Dockerfile: the run stops at once, having loaded too few classes to be worth archiving
        assertThat(run("build-push", "--context", context.toString(), "--tag", "launcher/none:1", "--no-push"))
                .isEqualTo(ExitCodes.INVALID_INPUT);

        assertThat(archive).doesNotExist();
        assertThat(madeBy).doesNotExist();
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("docker-delivery.jar");
        }
    }

    @Test
    void aRunThatOnlyPrintsTheHelpOrTheVersionLeavesNoArchive() throws Exception {
        // both exit with 0, having loaded a third fewer classes than a build: an archive of those would
        // serve every later run, and those classes would load from the jar on every cold build
        assertThat(run("build-push", "--help")).as(output()).isZero();
        assertThat(output()).contains("Usage: docker-delivery build-push");
        assertThat(run("build-push", "--version")).as(output()).isZero();
        assertThat(output()).contains("docker-delivery");

        assertThat(archive).doesNotExist();
        assertThat(madeBy).doesNotExist();
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("docker-delivery.jar");
        }
    }

    @Test
    void theArchiveIsMadeOnceAndAgainForAnotherJvm() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        dockerHost = env.dockerHost();
        Files.writeString(context.resolve("Dockerfile"), "FROM " + env.baseImage() + "\n");
        String[] build = {"build-push", "--context", context.toString(), "--tag", "launcher/app:1", "--no-push"};

        assertThat(run(build)).as(output()).isZero();
        assertThat(archive).isNotEmptyFile();
        String jvm = Files.readString(madeBy, StandardCharsets.UTF_8);
        assertThat(jvm).isNotBlank();

        // in the past, still newer than the jar: a run that uses the archive leaves it as it is
        Path jar = archive.resolveSibling("docker-delivery.jar");
        Instant past = Instant.now().minusSeconds(3600);
        Files.setLastModifiedTime(jar, FileTime.from(past));
        Files.setLastModifiedTime(archive, FileTime.from(past.plusSeconds(10)));
        assertThat(run(build)).as(output()).isZero();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).isEqualTo(past.plusSeconds(10));

        // as if another JVM had made it (a JDK update since): the next build makes it again
        Files.writeString(madeBy, "1 /opt/another-jdk/bin/java\n");
        assertThat(run(build)).as(output()).isZero();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).isAfter(past.plusSeconds(10));
        assertThat(Files.readString(madeBy, StandardCharsets.UTF_8)).isEqualTo(jvm);
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("docker-delivery.jar", "docker-delivery.jsa", "docker-delivery.jsa.jvm");
        }
    }

    @Test
    void onJava24AndLaterTheSessionPrintsNoUnsafeWarning() throws Exception {
        // protobuf, which encodes the session's messages, reads arrays through sun.misc.Unsafe; from Java 24
        // the JVM warns about it on standard error, four lines in every build's output, unless told otherwise
        Path jdk = jdk24OrLater();
        TestEnvironment env = TestEnvironment.require();
        dockerHost = env.dockerHost();
        Files.writeString(context.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nCOPY Dockerfile /\n");
        String[] build = {
            "build-push",
            "--context",
            context.toString(),
            "--tag",
            "launcher/app:25",
            "--no-push",
            "--builder",
            "buildkit"
        };

        assertThat(run(jdk.resolve("bin"), build)).as(output()).isZero();
        assertThat(output()).contains("with BuildKit", "Sent context").doesNotContain("sun.misc.Unsafe", "WARNING");
        assertThat(run(jdk.resolve("bin"), build)).as(output()).isZero(); // with the archive it made
        assertThat(output()).contains("Sent context").doesNotContain("sun.misc.Unsafe", "WARNING");
    }

    /**
     * A JDK of feature version 24 or later: this JVM's own, {@code DD_TEST_JDK24_HOME}, or one under
     * {@code /usr/lib/jvm} (Debian's and Temurin's packages).
     */
    private static Path jdk24OrLater() throws IOException {
        if (Runtime.version().feature() >= 24) {
            return Path.of(System.getProperty("java.home"));
        }
        String explicit = System.getenv("DD_TEST_JDK24_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                Optional<Path> found = homes.filter(home -> featureVersion(home) >= 24)
                        .sorted()
                        .findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        TestEnvironment.unavailable("no JDK 24 or later: install one under /usr/lib/jvm or set DD_TEST_JDK24_HOME");
        throw new IllegalStateException("unreachable");
    }

    /** The feature version a JDK's {@code release} file gives ({@code JAVA_VERSION="25.0.3"}), or 0. */
    private static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(release)) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION=\""))
                    .map(line -> line.substring("JAVA_VERSION=\"".length()).split("[^0-9]", 2)[0])
                    .filter(digits -> !digits.isEmpty())
                    .mapToInt(Integer::parseInt)
                    .findFirst()
                    .orElse(0);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Runs the launcher with this JVM's {@code java} first on the PATH; returns its exit code. */
    private int run(String... args) throws IOException, InterruptedException {
        return run(Path.of(System.getProperty("java.home"), "bin"), args);
    }

    /** Runs the launcher with the {@code java} of {@code javaBin} first on the PATH; returns its exit code. */
    private int run(Path javaBin, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Stream.of(args))
                        .toList())
                .redirectErrorStream(true)
                .redirectOutput(checkout.resolve("output.txt").toFile());
        pb.environment().put("PATH", javaBin + java.io.File.pathSeparator + System.getenv("PATH"));
        pb.environment().remove("JAVA_HOME"); // the launcher goes by the `java` on the PATH
        if (dockerHost != null) {
            pb.environment().put("DOCKER_HOST", dockerHost);
        }
        pb.environment().remove("DOCKER_DELIVERY_JAVA_OPTS");
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the launcher did not finish in 3 minutes");
        }
        return p.exitValue();
    }

    /** What the last run printed, for a failure's message. */
    private String output() throws IOException {
        return Files.readString(checkout.resolve("output.txt"), StandardCharsets.UTF_8);
    }
}
