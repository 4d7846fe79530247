package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEndpointTest {
    @Test
    void onlyTheDockerVariablesOfAnEnvironmentAreKept() {
        Map<String, String> env = Map.of(
                "DOCKER_HOST", "tcp://docker.example.com:2376",
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", "/certs",
                "REGISTRY_PASSWORD", "s3cret",
                "PATH", "/usr/bin");
        Map<String, String> variables = DockerEndpoint.variablesOf(env);
        assertThat(variables)
                .containsOnlyKeys("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH")
                .doesNotContainValue("s3cret");
        assertThat(DockerEndpoint.fromEnvironment(variables))
                .isEqualTo(DockerEndpoint.fromEnvironment(env))
                .isEqualTo(new DockerEndpoint("tcp://docker.example.com:2376", true, "/certs"));
    }

    @Test
    void anEmptyEnvironmentIsTheLocalSocket() {
        assertThat(DockerEndpoint.variablesOf(Map.of("HOME", "/home/jenkins"))).isEmpty();
        assertThat(DockerEndpoint.fromEnvironment(Map.of())).isEqualTo(DockerEndpoint.of(DockerEndpoint.DEFAULT_HOST));
        assertThat(DockerEndpoint.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "0"))
                        .tlsVerify())
                .isFalse();
    }

    @Test
    void anUnknownSchemeIsRefusedWithTheForms() {
        assertThatThrownBy(() -> DockerEndpoint.of("docker.example.com:2375"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tcp://HOST:PORT");
    }
}
