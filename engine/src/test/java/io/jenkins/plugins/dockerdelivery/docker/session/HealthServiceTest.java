package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.health.HealthCheckRequest;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.health.HealthCheckResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session's health answers as BuildKit expects: the server is SERVING, unknown services are not. */
class HealthServiceTest {
    /** What a call answered: its responses, its error, whether it completed. */
    private static final class Answer implements StreamObserver<HealthCheckResponse> {
        final List<HealthCheckResponse> responses = new ArrayList<>();
        Throwable error;
        boolean completed;

        @Override
        public void onNext(HealthCheckResponse value) {
            responses.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    @Test
    void theServerAsAWholeIsServing() {
        Answer answer = new Answer();
        new HealthService().check(HealthCheckRequest.getDefaultInstance(), answer);
        assertThat(answer.error).isNull();
        assertThat(answer.completed).isTrue();
        assertThat(answer.responses)
                .extracting(HealthCheckResponse::getStatus)
                .containsExactly(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void anUnknownServiceIsNotFound() {
        Answer answer = new Answer();
        new HealthService()
                .check(HealthCheckRequest.newBuilder().setService("moby.other").build(), answer);
        assertThat(answer.responses).isEmpty();
        assertThat(answer.error).isInstanceOf(StatusRuntimeException.class);
        assertThat(Status.fromThrowable(answer.error).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(answer.error).hasMessageContaining("moby.other");
    }
}
