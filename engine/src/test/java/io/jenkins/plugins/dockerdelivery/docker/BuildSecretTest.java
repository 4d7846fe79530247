package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.SecretMasker;
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
    void aSecretFileOfUtf8TextIsMaskedAsTheTextABuildStepPrints() {
        String file = "user=jürgen\npassword=gehëim-42\n";
        BuildSecret secret = BuildSecret.ofBytes("netrc", file.getBytes(StandardCharsets.UTF_8));
        SecretMasker masker = SecretMasker.of(secret.maskedForms().toArray(Secret[]::new));
        // a RUN that prints the file: the daemon's log is read as UTF-8, a line at a time
        assertThat(masker.mask("#7 0.21 password=gehëim-42")).isEqualTo("#7 0.21 " + Secret.MASK);
        assertThat(masker.mask("#7 0.21 user=jürgen")).isEqualTo("#7 0.21 " + Secret.MASK);
        // one char per byte alone would match no such line
        assertThat(SecretMasker.of(secret.value()).mask("#7 0.21 password=gehëim-42"))
                .contains("gehëim");
    }

    @Test
    void aBinarySecretFileIsMaskedAsItsBytesOnly() {
        byte[] der = {0x30, (byte) 0x82, 0x01, (byte) 0xff, 'k', 'e', 'y'};
        assertThat(BuildSecret.ofBytes("key", der).maskedForms()).hasSize(1);
        assertThat(BuildSecret.ofBytes("ascii", "plain-ascii".getBytes(StandardCharsets.UTF_8))
                        .maskedForms())
                .as("ASCII reads the same both ways")
                .hasSize(1);
        assertThat(BuildSecret.ofText("t", Secret.of("tök")).maskedForms()).containsExactly(Secret.of("tök"));
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
