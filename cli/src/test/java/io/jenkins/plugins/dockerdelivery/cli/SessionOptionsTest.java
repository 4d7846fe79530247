package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.docker.BuildSecret;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aSecretFromAFileKeepsItsBytes() throws IOException {
        byte[] bytes = {1, 2, (byte) 0xff, '\n'};
        Path file = Files.write(dir.resolve(".npmrc"), bytes);
        BuildSecret secret = SessionOptions.secret("id=npmrc,src=" + file, Map.of());
        assertThat(secret.id()).isEqualTo("npmrc");
        assertThat(secret.reveal()).isEqualTo(bytes);
        assertThat(secret.toString()).doesNotContain("\u00ff");
    }

    @Test
    void aSecretFromTheEnvironment() {
        BuildSecret secret = SessionOptions.secret("id=token,env=CI_TOKEN", Map.of("CI_TOKEN", "tok-123"));
        assertThat(secret.id()).isEqualTo("token");
        assertThat(secret.reveal()).isEqualTo("tok-123".getBytes(StandardCharsets.UTF_8));
        assertThat(secret.toString()).doesNotContain("tok-123");
        assertThat(SessionOptions.secret("env=CI_TOKEN", Map.of("CI_TOKEN", "x"))
                        .id())
                .isEqualTo("CI_TOKEN");
    }

    @Test
    void badSecretsAreClearErrorsThatShowNoValue() {
        assertThatThrownBy(() -> SessionOptions.secret("id=a", Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("one of src=FILE or env=VAR");
        assertThatThrownBy(() -> SessionOptions.secret("id=a,env=NOPE", Map.of()))
                .hasMessageContaining("NOPE is not set");
        assertThatThrownBy(() -> SessionOptions.secret("id=a,src=" + dir.resolve("missing"), Map.of()))
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> SessionOptions.secret("id=a,value=hunter2", Map.of()))
                .hasMessageContaining("unknown field 'value'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void sshDefaultIsTheAgentOfTheEnvironment() {
        assertThat(io.jenkins.plugins.dockerdelivery.docker.SshAgents.parse(
                        "default", Map.of("SSH_AUTH_SOCK", "/tmp/agent.sock")))
                .isEqualTo(Map.entry("default", Path.of("/tmp/agent.sock")));
        assertThat(io.jenkins.plugins.dockerdelivery.docker.SshAgents.parse("deploy=/run/deploy.sock", Map.of()))
                .isEqualTo(Map.entry("deploy", Path.of("/run/deploy.sock")));
        assertThatThrownBy(() -> io.jenkins.plugins.dockerdelivery.docker.SshAgents.parse("default", Map.of()))
                .hasMessageContaining("SSH_AUTH_SOCK is not set");
    }

    @Test
    void registryAuthTakesThePasswordFromAFileOrTheEnvironmentOnly() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        RegistryCredentials fromFile =
                SessionOptions.registryAuth("registry.example.com:5000=ci,password-file=" + file, Map.of());
        assertThat(fromFile.registry()).isEqualTo("registry.example.com:5000");
        assertThat(fromFile.username()).isEqualTo("ci");
        assertThat(fromFile.password().reveal()).isEqualTo("from-file");

        RegistryCredentials fromEnv = SessionOptions.registryAuth(
                "registry.example.com:5000=ci",
                Map.of("DOCKER_DELIVERY_REGISTRY_PASSWORD_REGISTRY_EXAMPLE_COM_5000", "from-env"));
        assertThat(fromEnv.password().reveal()).isEqualTo("from-env");
        assertThat(SessionOptions.registryAuth("r.io=u,password-env=PW", Map.of("PW", "p"))
                        .password()
                        .reveal())
                .isEqualTo("p");

        assertThatThrownBy(() -> SessionOptions.registryAuth("r.io=u", Map.of()))
                .hasMessageContaining("set DOCKER_DELIVERY_REGISTRY_PASSWORD_R_IO");
        assertThatThrownBy(() -> SessionOptions.registryAuth("r.io=u,password=hunter2", Map.of()))
                .hasMessageContaining("unknown field")
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("hunter2").contains("r.io"));
    }
}
