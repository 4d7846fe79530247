package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaestroCommandTest {
    @Test
    void validatesAndListsWhoRunsTheImage() {
        CliRunner.Result r = CliRunner.run(
                "maestro",
                "validate",
                Path.of("..", "examples", "apps", "blog", "maestro.yaml").toString(),
                "--env",
                "IMAGE_TAG=4",
                "--image",
                "localhost:5000/team/blog");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("uses localhost:5000/team/blog: service blog -> tag 4")
                .contains(": valid");
    }

    @Test
    void anInvalidFileExitsTwoWhateverIsWrongWithIt(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(
                dir.resolve("maestro.yaml"),
                "name: x\nships: {s: {ip: 10.0.0.1}}\nservices:\n  web: {image: a, instances: {w-1: {ship: t}}}\n");
        CliRunner.Result r = CliRunner.run("maestro", "validate", bad.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out())
                .contains("error: " + bad + ":4: services.web.instances.w-1.ship: 't' is not one of the ships (s)");
        assertThat(r.err()).isEqualTo("docker-delivery: " + bad + " is not valid: 1 error(s)" + System.lineSeparator());
        for (String unreadable :
                new String[] {"name: [unclosed\n", "name: {{ env.X | nosuchfilter }}\n", "", "# x\n"}) {
            Files.writeString(bad, unreadable);
            assertThat(CliRunner.run("maestro", "validate", bad.toString()).exitCode())
                    .as(unreadable)
                    .isEqualTo(ExitCodes.INVALID_INPUT);
        }
    }

    @Test
    void aDeviceOrABinaryFileIsAClearErrorNotAnOutOfMemoryError(@TempDir Path dir) throws IOException {
        CliRunner.Result zero = CliRunner.run("maestro", "validate", "/dev/zero");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(zero.err())
                .contains("/dev/zero: the file is more than 12 MB")
                .contains("Is it the right file?");
        Path latin1 = Files.write(dir.resolve("maestro.yaml"), new byte[] {'n', ':', ' ', (byte) 0xe9, '\n'});
        CliRunner.Result r = CliRunner.run("maestro", "validate", latin1.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains(latin1 + ": the file is not UTF-8 text");
    }

    @Test
    void aFileThatUsesWhatTheCheckDoesNotEvaluateIsReportedAsNotChecked(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(
                dir.resolve("maestro.yaml"), "{% macro ship(n) %}{{ n }}: {ip: 10.0.0.1}{% endmacro %}\nname: x\n");
        CliRunner.Result r = CliRunner.run("maestro", "validate", file.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("warning: " + file + " cannot be checked here: " + file + ":1: the template uses {% macro %}")
                .contains(file + ": not checked");
    }

    @Test
    void aHugeFileIsRefusedBeforeReadingIt(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("maestro.yaml");
        try (var out = Files.newOutputStream(big)) {
            byte[] mib = new byte[1 << 20];
            java.util.Arrays.fill(mib, (byte) '#');
            for (int i = 0; i < 50; i++) {
                out.write(mib);
            }
        }
        CliRunner.Result r = CliRunner.run("maestro", "validate", big.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("the file is 50 MB").contains("Is it the right file?");
    }
}
