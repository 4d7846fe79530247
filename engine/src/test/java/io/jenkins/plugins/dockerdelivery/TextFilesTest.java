package io.jenkins.plugins.dockerdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
    @TempDir
    Path dir;

    @Test
    void aByteThatIsNotUtf8IsReportedByItsLineAndReadAsAReplacement() throws IOException {
        Path file = dir.resolve("Dockerfile");
        Files.write(file, "FROM a\n# caf\u00e9\nRUN x\n".getBytes(StandardCharsets.ISO_8859_1));
        TextFiles.Text text = TextFiles.read(file, 1024);
        assertThat(text.firstBadLine()).isEqualTo(2);
        assertThat(text.text()).isEqualTo("FROM a\n# caf\uFFFD\nRUN x\n");
        assertThatThrownBy(() -> TextFiles.readUtf8(file, 1024))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ", line 2: not UTF-8 text. Save it as UTF-8.");
    }

    @Test
    void aFileOverTheLimitIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("big"), "x".repeat(2048));
        assertThatThrownBy(() -> TextFiles.read(file, 1024))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is larger than");
        assertThat(TextFiles.read(file, 2048).text()).hasSize(2048);
    }

    @Test
    void excerptsAreCutAndEscaped() {
        assertThat(TextFields.excerpt("a\nb\u0000c\u001b[2J")).isEqualTo("a\\nb\\u0000c\\u001b[2J");
        assertThat(TextFields.excerpt("y".repeat(10_000))).hasSize(80 + " ... (10000 characters)".length() - 1);
    }
}
