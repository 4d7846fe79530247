package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushFailureTest {
    /** The daemon's words when pushes of the same layers to one registry ran at once (ConcurrentBuildPushIT). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "errors:\ndigest invalid\nmanifest blob unknown: blob unknown to registry\n",
                "blob unknown: blob unknown to registry",
                "digest invalid: provided digest did not match uploaded content"
            })
    void theRegistrysViewOfARaceIsTriedAgain(String message) {
        assertThat(PushFailure.classify(message).kind()).isEqualTo(PushFailure.Kind.TRANSIENT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"denied: requested access to the resource is denied", "unauthorized: authentication required"})
    void aRefusalIsNeverTriedAgain(String message) {
        assertThat(PushFailure.classify(message).kind()).isEqualTo(PushFailure.Kind.AUTHENTICATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"An image does not exist locally with the tag: x/y", "invalid reference format"})
    void anythingElseIsPermanent(String message) {
        assertThat(PushFailure.classify(message).kind()).isEqualTo(PushFailure.Kind.PERMANENT);
    }
}
