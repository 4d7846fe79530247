package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker-delivery rebuild} as a user runs it, against the real daemon and the registry with authentication. */
class RebuildCommandIT {
    @TempDir
    Path tree;

    private void producer(String name, String dockerfile) throws Exception {
        Path dir = Files.createDirectories(tree.resolve(name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        Files.writeString(dir.resolve("docker-delivery.yaml"), "image: ${P}/" + name + ":1\n");
    }

    @Test
    void rebuildsTheDependentsOfAChangedBaseAndPrintsTheSummary() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String prefix = env.authRegistry() + "/cli/rebuild-"
                + UUID.randomUUID().toString().substring(0, 8);
        producer("base", "FROM " + env.baseImage() + "\nRUN echo base > /base\n");
        producer("app", "ARG P\nFROM ${P}/base:1\nRUN cat /base\n");
        producer("broken", "ARG P\nFROM ${P}/base:1\nRUN exit 4\n");
        producer("broken-child", "ARG P\nFROM ${P}/broken:1\n");
        String password = env.registryPassword().reveal();
        Map<String, String> environment = Map.of("DOCKER_HOST", env.dockerHost());

        CliProcess.Result all = CliProcess.run(
                password + "\n",
                environment,
                "rebuild",
                tree.toString(),
                "--all",
                "--build-arg",
                "P=" + prefix,
                "--registry-user",
                env.registryUser(),
                "--registry-password-stdin");

        assertThat(all.exitCode()).as(all.out() + all.err()).isEqualTo(1);
        assertThat(all.out())
                .contains("Wave 1 of 3: base")
                .containsPattern("\\[app\\] FROM " + prefix.replace(".", "\\.")
                        + "/base:1 pinned to sha256:[0-9a-f]{64}, pushed by base in this run \\(line 2\\)")
                .containsPattern("(?m)^app +built +[0-9.]+ s +" + prefix.replace(".", "\\.") + "/app:1@sha256:")
                .containsPattern("(?m)^broken +failed ")
                .containsPattern("(?m)^broken-child +skipped +- +- +skipped: broken, which it is built from, failed$")
                .contains("2 built, 1 failed, 1 skipped, 0 cancelled");
        assertThat(all.out() + all.err()).doesNotContain(password).doesNotContain("\tat ");

        Files.delete(tree.resolve("broken/Dockerfile"));
        CliProcess.Result changed = CliProcess.run(
                password + "\n",
                environment,
                "rebuild",
                tree.toString(),
                "--changed",
                prefix + "/base:1",
                "--build-arg",
                "P=" + prefix,
                "--concurrency",
                "1",
                "--registry-user",
                env.registryUser(),
                "--registry-password-stdin");
        assertThat(changed.exitCode()).as(changed.out() + changed.err()).isZero();
        assertThat(changed.out()).contains("1 built, 0 failed, 0 skipped, 0 cancelled");
    }

    @Test
    void anInterruptCancelsTheRebuildStopsTheBuildAndPrintsTheSummary() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String prefix = env.noAuthRegistry() + "/cli/rebuild-"
                + UUID.randomUUID().toString().substring(0, 8);
        String marker = "sleep " + (800 + (int) (Math.random() * 150));
        producer("base", "FROM " + env.baseImage() + "\nRUN echo base > /base\n");
        producer("slow", "ARG P\nFROM ${P}/base:1\nRUN " + marker + "\n");
        producer("after", "ARG P\nFROM ${P}/slow:1\n");
        List<String> command = new ArrayList<>(CliProcess.javaJar());
        command.addAll(List.of("rebuild", tree.toString(), "--all", "--build-arg", "P=" + prefix));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DOCKER_HOST", env.dockerHost());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        var out = new java.util.concurrent.CompletableFuture<String>();
        new Thread(() -> {
                    try {
                        out.complete(new String(
                                process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    } catch (java.io.IOException e) {
                        out.completeExceptionally(e);
                    }
                })
                .start();
        for (int i = 0; i < 2400 && running(marker).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(running(marker)).as("the slow RUN step started").isPresent();

        // SIGINT, as Ctrl-C sends (Process.destroy would close our end of its output first)
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();

        String output = out.get(1, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(output)
                .containsPattern("(?m)^slow +cancelled ")
                .containsPattern("(?m)^after +cancelled ")
                .contains("cancelled: interrupted");
        for (int i = 0; i < 600 && running(marker).isPresent(); i++) {
            Thread.sleep(50);
        }
        assertThat(running(marker)).as("the daemon stopped the RUN step").isEmpty();
    }

    /** A process with this command line: RUN steps live in containers' own namespaces, /proc sees them. */
    private static java.util.Optional<Path> running(String commandLine) {
        try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return new String(
                                            Files.readAllBytes(p.resolve("cmdline")),
                                            java.nio.charset.StandardCharsets.UTF_8)
                                    .replace('\0', ' ')
                                    .trim()
                                    .endsWith(commandLine);
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    })
                    .findFirst();
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }
}
