package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.health.HealthCheckRequest;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The session's health answers as BuildKit expects: the server is SERVING, unknown services are not. */
class HealthServiceTest {
    @Test
    void theServerAsAWholeIsServing() {
        RecordedAnswer<HealthCheckResponse> answer = new RecordedAnswer<>();
        new HealthService().check(HealthCheckRequest.getDefaultInstance(), answer);
        assertThat(answer.error).isNull();
        assertThat(answer.completed).isTrue();
        assertThat(answer.values)
                .extracting(HealthCheckResponse::getStatus)
                .containsExactly(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void anUnknownServiceIsNotFound() {
        RecordedAnswer<HealthCheckResponse> answer = new RecordedAnswer<>();
        new HealthService()
                .check(HealthCheckRequest.newBuilder().setService("moby.other").build(), answer);
        assertThat(answer.values).isEmpty();
        assertThat(answer.error).isInstanceOf(StatusRuntimeException.class);
        assertThat(Status.fromThrowable(answer.error).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(answer.error).hasMessageContaining("moby.other");
    }
}
