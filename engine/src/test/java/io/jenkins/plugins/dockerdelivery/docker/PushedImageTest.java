package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushedImageTest {
    private static final String MINE = "sha256:" + "a".repeat(64);
    private static final String OTHER = "sha256:" + "b".repeat(64);

    @Test
    void theDaemonsRepoDigestsConfirmOnlyTheManifestPushedOfThatImage() {
        ImageReference tag = ImageReference.parse("127.0.0.1:5000/team/app:1");
        List<String> repoDigests = List.of("127.0.0.1:5000/team/app@" + MINE, "127.0.0.1:5000/other@" + OTHER);
        assertThat(PushedImage.confirms(repoDigests, tag, MINE)).isTrue();
        assertThat(PushedImage.confirms(repoDigests, tag, OTHER)).isFalse(); // another repository's
        assertThat(PushedImage.confirms(List.of(), tag, MINE)).isFalse();
        assertThat(PushedImage.confirms(null, tag, MINE)).isFalse();
    }

    @Test
    void dockerHubNamesAreComparedNormalised() {
        assertThat(PushedImage.confirms(
                        List.of("team/app@" + MINE), ImageReference.parse("docker.io/team/app:1"), MINE))
                .isTrue();
    }
}
