package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker's .dockerignore rules, case by case (moby/patternmatcher is the reference). */
class DockerIgnoreTest {
    @ParameterizedTest(name = "[{0}] {1} -> excluded={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*.log|app.log|true",
                "*.log|logs/app.log|false", // * does not cross /
                "**/*.log|logs/deep/app.log|true",
                "**/*.log|app.log|true",
                "logs|logs/app.log|true", // a directory pattern excludes its content
                "logs/|logs/app.log|true",
                "/abs.txt|abs.txt|true", // a leading / changes nothing
                "./a/../b.txt|b.txt|true", // cleaned like a path
                "a?c|abc|true",
                "a?c|a/c|false",
                "[ab]x|bx|true",
                "[!ab]x|cx|true",
                "[!ab]x|ax|false",
                "a\\*b|a*b|true",
                "a\\*b|axb|false",
                "docs/**|docs/a/b/c.md|true",
                "docs/**|docs|false",
                "**|anything/at/all|true",
                "a/**/b|a/b|true",
                "a/**/b|a/x/y/b|true",
                "*.md\\n!README.md|README.md|false",
                "*.md\\n!README.md|CHANGES.md|true",
                "!README.md\\n*.md|README.md|true", // the last matching line wins
                "secrets\\n!secrets/public.txt|secrets/public.txt|false",
                "secrets\\n!secrets/public.txt|secrets/private.txt|true",
                "# comment\\n#*.txt|a.txt|false", // # lines are comments, not patterns
                "  spaced.txt  |spaced.txt|true",
                "a.b|aXb|false", // regex characters are literal
                "(x)|(x)|true",
            })
    void matrix(String patterns, String path, boolean excluded) {
        DockerIgnore ignore = DockerIgnore.parse(".dockerignore", patterns.replace("\\n", "\n"));
        assertThat(ignore.excludes(path)).isEqualTo(excluded);
    }

    @Test
    void pruningOnlyWhenNoReIncludeCanReachInside() {
        DockerIgnore ignore = DockerIgnore.parse(".dockerignore", "node_modules\nbuild\n!build/keep.txt\n");
        assertThat(ignore.mayPrune("node_modules")).isTrue();
        assertThat(ignore.mayPrune("build")).isFalse();
        assertThat(DockerIgnore.parse(".dockerignore", "x\n!**/keep").mayPrune("x"))
                .isFalse();
    }

    @Test
    void badPatternsAreErrorsWithTheLine() {
        assertThatThrownBy(() -> DockerIgnore.parse(".dockerignore", "ok\n!\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(".dockerignore:2: illegal exclusion pattern: \"!\"");
        assertThatThrownBy(() -> DockerIgnore.parse(".dockerignore", "a\n[abc\n"))
                .hasMessageStartingWith(".dockerignore:2: invalid pattern '[abc'");
    }

    @Test
    void cleanFollowsGo() {
        assertThat(DockerIgnore.clean("a//b/./c/..")).isEqualTo("a/b");
        assertThat(DockerIgnore.clean("/../a")).isEqualTo("/a");
        assertThat(DockerIgnore.clean("../a")).isEqualTo("../a");
        assertThat(DockerIgnore.clean("./")).isEqualTo(".");
    }
}
