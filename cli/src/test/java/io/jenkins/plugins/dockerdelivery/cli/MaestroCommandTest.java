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
    void errorsExitOneAndUnreadableYamlExitsTwo(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("maestro.yaml"), "name: x\nships: {}\nservices:\n  web: {image: a}\n");
        CliRunner.Result r = CliRunner.run("maestro", "validate", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("error: " + bad + ":2: ships: is empty");
        Files.writeString(bad, "name: [unclosed\n");
        assertThat(CliRunner.run("maestro", "validate", bad.toString()).exitCode())
                .isEqualTo(2);
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
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("the file is 50 MB").contains("Is it the right file?");
    }
}
