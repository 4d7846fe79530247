package io.jenkins.plugins.dockerdelivery.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellQuoteTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "with space",
                "it's",
                "'",
                "''",
                "\"",
                "a;b",
                "a&&b",
                "a|b",
                "$(id)",
                "`id`",
                "$HOME",
                "${PATH}",
                "*",
                "?",
                "~",
                "line1\nline2",
                "\n",
                "-n",
                "--",
                "back\\slash",
                "\\",
                "tab\there",
                "#comment",
                "!bang",
                "ünï ✓"
            })
    void aQuotedValueIsOneLiteralWordForTheShell(String value) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s|' " + ShellQuote.quote(value)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(value + "|");
    }

    @Test
    void simpleValuesStayReadable() {
        assertThat(ShellQuote.quote("/srv/maestro/app.example.org")).isEqualTo("/srv/maestro/app.example.org");
        assertThat(ShellQuote.quote("registry:5000/team/app:1")).isEqualTo("registry:5000/team/app:1");
        assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuote.quote("")).isEqualTo("''");
        assertThat(ShellQuote.join(List.of("a b", "c"))).isEqualTo("'a b' c");
    }
}
