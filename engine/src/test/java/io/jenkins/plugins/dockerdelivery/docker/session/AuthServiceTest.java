package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.auth.CredentialsRequest;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.auth.CredentialsResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the daemon gets when it asks the session for a registry's credentials before a pull. */
class AuthServiceTest {
    private final AuthService auth = new AuthService(List.of(
            new RegistryCredentials("registry.example.com:5000", "ci", Secret.of("push-pw")),
            new RegistryCredentials("base.example.com", "puller", Secret.of("pull-pw")),
            new RegistryCredentials("docker.io", "hubuser", Secret.of("hub-token"))));

    private CredentialsResponse ask(String host) {
        List<CredentialsResponse> answers = new ArrayList<>();
        List<Boolean> completed = new ArrayList<>();
        auth.credentials(CredentialsRequest.newBuilder().setHost(host).build(), new StreamObserver<>() {
            @Override
            public void onNext(CredentialsResponse value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onCompleted() {
                completed.add(true);
            }
        });
        assertThat(answers).hasSize(1);
        assertThat(completed).containsExactly(true);
        return answers.get(0);
    }

    @Test
    void eachRegistryGetsItsOwnCredentials() {
        assertThat(ask("registry.example.com:5000"))
                .extracting(CredentialsResponse::getUsername, CredentialsResponse::getSecret)
                .containsExactly("ci", "push-pw");
        assertThat(ask("base.example.com"))
                .extracting(CredentialsResponse::getUsername, CredentialsResponse::getSecret)
                .containsExactly("puller", "pull-pw");
    }

    /** BuildKit names Docker Hub by the host it pulls from. */
    @Test
    void dockerHubIsAskedForAsRegistryOne() {
        assertThat(ask("registry-1.docker.io").getUsername()).isEqualTo("hubuser");
    }

    /** An empty answer is anonymous: a base in an open registry pulls without credentials. */
    @Test
    void aRegistryWithoutCredentialsGetsAnAnonymousAnswer() {
        CredentialsResponse answer = ask("open.example.com:5000");
        assertThat(answer.getUsername()).isEmpty();
        assertThat(answer.getSecret()).isEmpty();
        // another port is another registry
        assertThat(ask("registry.example.com").getUsername()).isEmpty();
        assertThat(auth.asked()).containsExactlyInAnyOrder("open.example.com:5000", "registry.example.com");
    }
}
