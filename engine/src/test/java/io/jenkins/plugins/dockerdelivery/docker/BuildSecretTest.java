package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The build secret the CLI's {@code --secret} and the plugin's {@code secrets:} both make. */
class BuildSecretTest {
    @Test
    void aSecretTextIsSentAsItsUtf8BytesAndMasked() {
        BuildSecret secret = BuildSecret.ofText("token", Secret.of("tök-123"));
        assertThat(secret.reveal()).isEqualTo("tök-123".getBytes(StandardCharsets.UTF_8));
        assertThat(secret.isText()).isTrue();
        assertThat(secret.value().reveal()).isEqualTo("tök-123");
    }

    @Test
    void aSecretFileKeepsEveryByte() {
        byte[] content = new byte[256];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i; // every byte value, none of them valid UTF-8 on its own past 0x7f
        }
        BuildSecret secret = BuildSecret.ofBytes("blob", content);
        assertThat(secret.reveal()).isEqualTo(content);
        assertThat(secret.isText()).isFalse();
    }

    @Test
    void itPrintsItsIdAndNoValue() {
        BuildSecret secret = BuildSecret.ofText("npmrc", Secret.of("s3cret-value"));
        assertThat(secret.toString()).isEqualTo("BuildSecret[npmrc=" + Secret.MASK + "]");
        assertThat(BuildSecret.ofBytes("npmrc", "s3cret-value".getBytes(StandardCharsets.UTF_8))
                        .toString())
                .doesNotContain("s3cret");
    }

    @Test
    void anIdIsLettersDigitsDotsUnderscoresAndDashes() {
        assertThat(BuildSecret.isId("npm.rc_2-x")).isTrue();
        for (String bad : new String[] {null, "", "npm rc", "a/b", "id=x", "a,b", "ü"}) {
            assertThat(BuildSecret.isId(bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThatThrownBy(() -> BuildSecret.ofText("a,b", Secret.of("value-not-shown")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'a,b' is not a secret id")
                .hasMessageNotContaining("value-not-shown");
    }
}
