package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
    @TempDir
    Path ctx;

    @Test
    void aDockerignoreThatIsNotUtf8IsAnErrorNamingTheLineNotAStackTrace() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        Files.write(ctx.resolve(".dockerignore"), "target\nsecr\u00e8t.txt\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> BuildContext.of(ctx, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(".dockerignore, line 2: not UTF-8 text. Save it as UTF-8.");
    }
}
