package io.jenkins.plugins.dockerdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    @Test
    void masksTheValueAndItsBase64Form() {
        SecretMasker masker = SecretMasker.of(Secret.of("hunter2!"));
        String base64 = Base64.getEncoder().encodeToString("hunter2!".getBytes(StandardCharsets.UTF_8));

        assertThat(masker.mask("login with hunter2! then " + base64)).isEqualTo("login with **** then ****");
    }

    @Test
    void aFileOfSeveralLinesIsMaskedLineByLineAsAStepPrintsIt() {
        String npmrc = "//npm.example.com/:_authToken=abc123\r\nalways-auth=true\n\n  }\n";
        SecretMasker masker = SecretMasker.of(Secret.of(npmrc));

        assertThat(masker.mask("#7 0.21 //npm.example.com/:_authToken=abc123")).isEqualTo("#7 0.21 ****");
        assertThat(masker.mask("#7 0.21 always-auth=true")).isEqualTo("#7 0.21 ****");
        assertThat(masker.mask("the whole file: " + npmrc)).isEqualTo("the whole file: ****");
        // a line shorter than three characters would mask that text everywhere: it is left alone
        assertThat(masker.mask("a } here")).isEqualTo("a } here");
    }

    @Test
    void aOneLetterSecretMasksNothing() {
        assertThat(SecretMasker.of(Secret.of("x")).mask("x marks the spot")).isEqualTo("x marks the spot");
    }

    @Test
    void theListenerItWrapsSeesOnlyMaskedText() {
        RecordingListener log = new RecordingListener();
        ProgressListener masked = SecretMasker.of(Secret.of("s3cret-value")).wrap(log);

        masked.log("a s3cret-value line");
        masked.warn("warned s3cret-value");
        masked.progress("layer s3cret-value", "pushing s3cret-value");

        assertThat(log.text()).doesNotContain("s3cret-value").contains("a **** line", "warned ****");
    }
}
