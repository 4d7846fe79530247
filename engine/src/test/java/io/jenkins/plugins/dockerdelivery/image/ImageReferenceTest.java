package io.jenkins.plugins.dockerdelivery.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "busybox, docker.io/library/busybox:latest",
        "busybox:1.36, docker.io/library/busybox:1.36",
        "library/busybox, docker.io/library/busybox:latest",
        "docker.io/busybox, docker.io/library/busybox:latest",
        "index.docker.io/library/busybox:1, docker.io/library/busybox:1",
        "team/app, docker.io/team/app:latest",
        "docker.io/team/app:2, docker.io/team/app:2",
        "localhost/app, localhost/app:latest",
        "localhost:5000/app:1, localhost:5000/app:1",
        "127.0.0.1:5000/team/app:1.2.3, 127.0.0.1:5000/team/app:1.2.3",
        "registry.example.com/team/sub/app, registry.example.com/team/sub/app:latest",
        "registry.example.com:443/a/b:v1_0-rc.2, registry.example.com:443/a/b:v1_0-rc.2",
        "Registry/app, Registry/app:latest",
        "[::1]:5000/app:1, [::1]:5000/app:1",
        "my-registry/app, docker.io/my-registry/app:latest",
        "a__b/c.d/e-f, docker.io/a__b/c.d/e-f:latest",
    })
    void normalisesLikeDocker(String input, String normalised) {
        assertThat(ImageReference.parse(input)).hasToString(normalised);
    }

    @Test
    void keepsDigestsAndTagWithDigest() {
        ImageReference byDigest = ImageReference.parse("busybox@" + DIGEST);
        assertThat(byDigest.tag()).isNull();
        assertThat(byDigest.digest()).isEqualTo(DIGEST);
        assertThat(byDigest).hasToString("docker.io/library/busybox@" + DIGEST);

        ImageReference both = ImageReference.parse("host:5000/app:1@" + DIGEST);
        assertThat(both.tag()).isEqualTo("1");
        assertThat(both.digest()).isEqualTo(DIGEST);
        assertThat(both.familiar()).isEqualTo("host:5000/app:1@" + DIGEST);
    }

    @Test
    void familiarFormIsWhatTheDockerCliShows() {
        assertThat(ImageReference.parse("docker.io/library/busybox").familiar()).isEqualTo("busybox:latest");
        assertThat(ImageReference.parse("team/app:1").familiar()).isEqualTo("team/app:1");
        assertThat(ImageReference.parse("localhost:5000/app").familiarRepository())
                .isEqualTo("localhost:5000/app");
    }

    @Test
    void equalityIsOnTheNormalisedForm() {
        assertThat(ImageReference.parse("busybox")).isEqualTo(ImageReference.parse("docker.io/library/busybox:latest"));
        assertThat(ImageReference.parse("busybox")).hasSameHashCodeAs(ImageReference.parse("index.docker.io/busybox"));
        assertThat(ImageReference.parse("busybox:1")).isNotEqualTo(ImageReference.parse("busybox:2"));
    }

    @Test
    void matchesAtTagOrRepositoryLevel() {
        ImageReference base7 = ImageReference.parse("registry/team/base:7");
        ImageReference base8 = ImageReference.parse("registry/team/base:8");
        assertThat(base7.matches(ImageReference.parse("registry/team/base:7"), MatchLevel.TAG))
                .isTrue();
        assertThat(base7.matches(base8, MatchLevel.TAG)).isFalse();
        assertThat(base7.matches(base8, MatchLevel.REPOSITORY)).isTrue();
        assertThat(base7.matches(ImageReference.parse("registry/team/other:7"), MatchLevel.REPOSITORY))
                .isFalse();
        // a pinned digest names the same tag's image
        assertThat(base7.matches(ImageReference.parse("registry/team/base:7@" + DIGEST), MatchLevel.TAG))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Busybox|must be lower-case",
                "team/App:1|must be lower-case",
                "busybox:|is not a valid tag",
                "busybox:-x|is not a valid tag",
                "busybox@sha256:abc|not a digest",
                "busybox@sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|64 lower-case hex digits",
                "team//app|is not a valid name component",
                "team/app_|is not a valid name component",
                "registry.example.com/|has no repository name",
                "' busybox'|leading or trailing spaces",
                "${base}|is not a valid name component",
                "a b|is not a valid name component",
            })
    void rejectsInvalidReferencesWithAClearMessage(String input, String message) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Invalid image reference '" + input + "'")
                .hasMessageContaining(message);
    }

    @Test
    void rejectsEmptyAndOverlongNames() {
        assertThatThrownBy(() -> ImageReference.parse("")).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> ImageReference.parse("a/" + "b".repeat(260))).hasMessageContaining("longer than 255");
        assertThatThrownBy(() -> ImageReference.parse("busybox:" + "t".repeat(129)))
                .hasMessageContaining("not a valid tag");
    }

    @Test
    void withTagAndWithDigestKeepTheRepository() {
        ImageReference app = ImageReference.parse("host:5000/app:1");
        assertThat(app.withTag("2")).hasToString("host:5000/app:2");
        assertThat(app.withDigest(DIGEST)).hasToString("host:5000/app:1@" + DIGEST);
        assertThat(app.withDigest(DIGEST).withoutDigest()).isEqualTo(app);
    }
}
