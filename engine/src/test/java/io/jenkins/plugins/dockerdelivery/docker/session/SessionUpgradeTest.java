package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionUpgradeTest {
    @Test
    void theHeadIsReadUpToTheBlankLineAndNotOneByteMore() throws IOException {
        String preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
        InputStream in = new ByteArrayInputStream(
                ("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n" + preface)
                        .getBytes(StandardCharsets.ISO_8859_1));
        SessionUpgrade.readSwitchingProtocols(in);
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(preface);
    }

    @Test
    void anythingButA101IsRefusedWithTheDaemonsWords() {
        InputStream in =
                new ByteArrayInputStream("HTTP/1.1 404 Not Found\r\nContent-Length: 18\r\n\r\npage not found\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> SessionUpgrade.readSwitchingProtocols(in))
                .isInstanceOf(SessionUpgrade.Refused.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("page not found");
    }

    @Test
    void theSharedKeyIsStablePerDirectoryAndNodeId(@TempDir Path home) {
        String node = SharedKey.nodeId(home);
        assertThat(SharedKey.nodeId(home)).isEqualTo(node).matches("[0-9a-f]{64}");
        assertThat(SharedKey.forDirectory(node, Path.of("/w/app")))
                .isEqualTo(SharedKey.forDirectory(node, Path.of("/w/./app")))
                .isNotEqualTo(SharedKey.forDirectory(node, Path.of("/w/other")))
                .isNotEqualTo(SharedKey.forDirectory("another-node", Path.of("/w/app")));
    }
}
