package io.jenkins.plugins.dockerdelivery.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VariableExpanderDepthTest {
    private static String nested(int depth) {
        return "${A:-".repeat(depth) + "base" + "}".repeat(depth);
    }

    @Test
    void substitutionsNestUpToTheLimit() {
        assertThat(new VariableExpander(Map.of(), '\\').expand(nested(VariableExpander.MAX_NESTING)))
                .isEqualTo("base");
    }

    @Test
    void deeperNestingIsAClearErrorNotAStackOverflow() {
        assertThatThrownBy(() -> new VariableExpander(Map.of(), '\\').expand(nested(20_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested more than 100 levels deep");
    }
}
