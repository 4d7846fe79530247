package io.jenkins.plugins.dockerdelivery.docker.session;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.health.HealthCheckRequest;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.health.HealthCheckResponse;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.health.HealthGrpc;

/**
 * {@code /grpc.health.v1.Health/Check}: BuildKit checks every session's health while the build runs and
 * drops a session whose check fails or times out. A session is healthy as long as it answers, so the
 * server as a whole (the empty service name) is always SERVING; any other name is NOT_FOUND, as gRPC's
 * own health service answers for a service it does not know. Watch is not served (UNIMPLEMENTED, which
 * the protocol allows): BuildKit never calls it.
 */
final class HealthService extends HealthGrpc.HealthImplBase {
    static final String CHECK = "/grpc.health.v1.Health/Check";

    private static final HealthCheckResponse SERVING = HealthCheckResponse.newBuilder()
            .setStatus(HealthCheckResponse.ServingStatus.SERVING)
            .build();

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responseObserver) {
        if (!request.getService().isEmpty()) {
            responseObserver.onError(Status.NOT_FOUND
                    .withDescription("unknown service " + request.getService())
                    .asRuntimeException());
            return;
        }
        responseObserver.onNext(SERVING);
        responseObserver.onCompleted();
    }
}
