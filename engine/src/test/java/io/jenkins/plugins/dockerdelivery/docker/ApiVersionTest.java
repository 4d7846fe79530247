package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void speaksTheDaemonsVersionWhenItIsNotNewerThanOurs() {
        // Engine 20.10, what runs in the test environment
        assertThat(ApiVersion.negotiate(ApiVersion.parse("1.41"), ApiVersion.parse("1.12")))
                .isEqualTo(new ApiVersion(1, 41));
    }

    @Test
    void capsAtTheNewestKnownVersionForCurrentEnginesThatRefuseOldOnes() {
        // Docker 29: API 1.52, minimum 1.44
        ApiVersion chosen = ApiVersion.negotiate(ApiVersion.parse("1.52"), ApiVersion.parse("1.44"));
        assertThat(chosen).isEqualTo(ApiVersion.NEWEST_KNOWN);
        assertThat(chosen).isGreaterThanOrEqualTo(ApiVersion.parse("1.44"));
    }

    @Test
    void refusesWhenTheRangesDoNotMeet() {
        assertThatThrownBy(() -> ApiVersion.negotiate(ApiVersion.parse("1.60"), ApiVersion.parse("1.50")))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("needs API 1.50 or newer");
        assertThatThrownBy(() -> ApiVersion.negotiate(ApiVersion.parse("1.30"), null))
                .hasMessageContaining("update Docker");
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertThat(ApiVersion.parse("1.9")).isLessThan(ApiVersion.parse("1.41"));
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> ApiVersion.parse("v1")).isInstanceOf(InvalidInputException.class);
    }
}
