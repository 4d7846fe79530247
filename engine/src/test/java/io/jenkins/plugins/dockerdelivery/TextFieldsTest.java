package io.jenkins.plugins.dockerdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.gitlab.TriggerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFieldsTest {
    @Test
    void wordsSplitOnSpacesCommasAndLines() {
        assertThat(TextFields.words(" reg/app:1, reg/app:latest\nreg/app:2 "))
                .containsExactly("reg/app:1", "reg/app:latest", "reg/app:2");
        assertThat(TextFields.words(null)).isEmpty();
        assertThat(TextFields.blankToNull("  ")).isNull();
        assertThat(TextFields.blankToNull(" app ")).isEqualTo("app");
        assertThat(TextFields.lines("[ci skip]\n\n [skip ci] \n")).containsExactly("[ci skip]", "[skip ci]");
    }

    @Test
    void keyValuesKeepOrderAndEverythingAfterTheFirstEquals() {
        assertThat(TextFields.keyValues("build args", "A=1\n# comment\n\nB = x=y \nEMPTY="))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", " x=y"), Map.entry("EMPTY", ""));
        assertThatThrownBy(() -> TextFields.keyValues("build args", "A=1\nnot a pair"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("build args, line 2: expected NAME=value, found no '='");
    }

    @Test
    void triggerSettingsFromAForm() {
        TriggerSettings s = TriggerSettings.fromForm(
                " team/shop ", true, true, "main, release/*", "release/old-*", "", "v*", "", null, null, true);
        assertThat(s.project()).isEqualTo("team/shop");
        assertThat(s.branches().rejects("release/old-1")).isEqualTo("excluded by 'release/old-*'");
        assertThat(s.branches().rejects("feature/x")).startsWith("not included by");
        assertThat(s.tags().rejects("v1")).isNull();
        assertThat(s.skipMarkers()).isEqualTo(TriggerSettings.DEFAULT_SKIP_MARKERS);
        assertThat(TriggerSettings.fromForm("", true, false, "ignored", "", "^main$", "", "", "[nope]", null, false)
                        .branches()
                        .rejects("dev"))
                .isEqualTo("does not match /^main$/");
    }

    @Test
    void textForALogLineCannotBreakTheLineNorFloodIt() {
        assertThat(TextFields.excerpt("team/shop", 200)).isEqualTo("team/shop");
        assertThat(TextFields.excerpt("shop\nINFO: forged line\r\u001b[31m", 200))
                .isEqualTo("shop\\nINFO: forged line\\r\\u001b[31m")
                .doesNotContain("\n")
                .doesNotContain("\r");
        assertThat(TextFields.excerpt("x".repeat(10_000), 100))
                .hasSizeLessThan(130)
                .endsWith("... (10000 characters)");
        assertThat(TextFields.excerpt(null, 10)).isEmpty();
    }
}
