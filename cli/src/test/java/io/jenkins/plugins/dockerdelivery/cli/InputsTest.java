package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"s3cret", "s3cret\n", "s3cret\r\n", "s3cret\n\n", " s3cret \n"})
    void aSecretIsTrimmedAlikeFromStandardInputTheEnvironmentAndAFile(String raw) throws IOException {
        Secret fromFile = Inputs.secretFile(Files.writeString(dir.resolve("token"), raw), "token");
        Secret fromEnv;
        Secret fromStdin;
        RunSecrets.start(Map.of("SECRET_VAR", raw));
        InputStream original = System.in;
        try {
            fromEnv = Inputs.secret(false, "SECRET_VAR", "secret");
            System.setIn(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            fromStdin = Inputs.secret(true, null, "secret");
        } finally {
            System.setIn(original);
            RunSecrets.end();
        }
        assertThat(fromStdin.reveal()).isEqualTo(fromEnv.reveal()).isEqualTo(fromFile.reveal());
        assertThat(fromFile.reveal()).isEqualTo(raw.startsWith(" ") ? " s3cret " : "s3cret");
    }

    @Test
    void aFileThatIsNotUtf8NamesTheLineNotJavasInputLength() throws IOException {
        Path file = dir.resolve("settings.yaml");
        Files.write(file, "project: a\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Inputs.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ", line 2: not UTF-8 text. Save it as UTF-8.");
    }
}
