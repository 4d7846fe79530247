package io.jenkins.plugins.dockerdelivery.docker.session;

import io.grpc.stub.StreamObserver;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.auth.AuthGrpc;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.auth.CredentialsRequest;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.auth.CredentialsResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /moby.filesync.v1.Auth/Credentials}: the daemon asks for each registry it pulls from (a
 * {@code FROM} base, {@code pull}); it gets the request's credentials for that host, or an empty
 * answer, which means anonymous. The token methods stay unimplemented: the daemon then fetches tokens
 * itself with these credentials.
 */
final class AuthService extends AuthGrpc.AuthImplBase {
    static final String CREDENTIALS = "/moby.filesync.v1.Auth/Credentials";

    private final List<RegistryCredentials> credentials;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    AuthService(List<RegistryCredentials> credentials) {
        this.credentials = List.copyOf(credentials);
    }

    @Override
    public void credentials(CredentialsRequest request, StreamObserver<CredentialsResponse> responseObserver) {
        String host = request.getHost();
        asked.add(host);
        CredentialsResponse.Builder answer = CredentialsResponse.newBuilder();
        RegistryCredentials match = forHost(host);
        if (match != null) {
            answer.setUsername(match.username()).setSecret(match.password().reveal());
        }
        responseObserver.onNext(answer.build());
        responseObserver.onCompleted();
    }

    RegistryCredentials forHost(String host) {
        return credentials.stream().filter(c -> c.isFor(host)).findFirst().orElse(null);
    }

    /** The registries the daemon asked credentials for, as it named them. */
    Set<String> asked() {
        return Set.copyOf(asked);
    }
}
