package io.jenkins.plugins.dockerdelivery.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistrySmokeIT {
    private final HttpClient http = HttpClient.newHttpClient();

    private int status(String registry, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/"));
        if (user != null) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void authRegistryRejectsAWrongPasswordAndAcceptsTheRightOne() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        assertThat(status(env.authRegistry(), null, null)).isEqualTo(401);
        assertThat(status(env.authRegistry(), env.registryUser(), "wrong-password"))
                .isEqualTo(401);
        assertThat(status(
                        env.authRegistry(),
                        env.registryUser(),
                        env.registryPassword().reveal()))
                .isEqualTo(200);
    }

    @Test
    void noAuthRegistryAcceptsAnyone() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        assertThat(status(env.noAuthRegistry(), null, null)).isEqualTo(200);
    }
}
