package io.jenkins.plugins.dockerdelivery.docker.session;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jenkins.plugins.dockerdelivery.docker.BuildSecret;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.secrets.GetSecretRequest;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.secrets.GetSecretResponse;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.secrets.SecretsGrpc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /moby.buildkit.secrets.v1.Secrets/GetSecret}: the bytes of a {@code RUN --mount=type=secret}
 * by id. An unknown id is NOT_FOUND, which the daemon reports as "secret ID not found".
 */
final class SecretsService extends SecretsGrpc.SecretsImplBase {
    static final String GET_SECRET = "/moby.buildkit.secrets.v1.Secrets/GetSecret";

    private final Map<String, BuildSecret> secrets = new LinkedHashMap<>();
    /** Asked for and not given: the build's failure then says how to give them (the daemon drops our words). */
    private final Set<String> notGiven = ConcurrentHashMap.newKeySet();

    SecretsService(List<BuildSecret> secrets) {
        secrets.forEach(s -> this.secrets.put(s.id(), s));
    }

    @Override
    public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> responseObserver) {
        BuildSecret secret = secrets.get(request.getID());
        if (secret == null) {
            notGiven.add(request.getID());
            responseObserver.onError(Status.NOT_FOUND
                    .withDescription("secret " + request.getID() + " not found: give it with --secret id="
                            + request.getID() + ",src=FILE (CLI) or secrets: [[id: '" + request.getID()
                            + "', credentialsId: ...]] (dockerBuildPush)")
                    .asRuntimeException());
            return;
        }
        responseObserver.onNext(GetSecretResponse.newBuilder()
                .setData(UnsafeByteOperations.unsafeWrap(secret.reveal()))
                .build());
        responseObserver.onCompleted();
    }

    /** The ids asked for that this build has no secret for, sorted. */
    Set<String> notGiven() {
        return Collections.unmodifiableSet(new TreeSet<>(notGiven));
    }
}
