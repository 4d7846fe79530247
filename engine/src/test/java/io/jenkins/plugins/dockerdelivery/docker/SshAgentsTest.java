package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker's {@code --ssh} syntax, as the CLI's {@code --ssh} and the plugin's {@code ssh:} parse it. */
class SshAgentsTest {
    private static final Map<String, String> WITH_AGENT = Map.of("SSH_AUTH_SOCK", "/tmp/ssh-x/agent.1");

    @Test
    void anIdAloneIsTheAgentOfTheEnvironment() {
        assertThat(SshAgents.parse("default", WITH_AGENT))
                .isEqualTo(Map.entry("default", Path.of("/tmp/ssh-x/agent.1")));
        assertThat(SshAgents.parse(" gitlab ", WITH_AGENT))
                .isEqualTo(Map.entry("gitlab", Path.of("/tmp/ssh-x/agent.1")));
    }

    @Test
    void anIdWithASocketNamesThatAgent() {
        assertThat(SshAgents.parse("deploy=/run/deploy.sock", WITH_AGENT))
                .isEqualTo(Map.entry("deploy", Path.of("/run/deploy.sock")));
    }

    @Test
    void noAgentInTheEnvironmentSaysHowToStartOne() {
        assertThatThrownBy(() -> SshAgents.parse("default", Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("SSH agent 'default': SSH_AUTH_SOCK is not set")
                .hasMessageContaining("sshagent(")
                .hasMessageContaining("default=/path/to/agent.sock");
        assertThatThrownBy(() -> SshAgents.parse("default", Map.of("SSH_AUTH_SOCK", " ")))
                .hasMessageContaining("SSH_AUTH_SOCK is not set");
    }

    @Test
    void keyFilesAndAnEmptyIdAreRefused() {
        assertThatThrownBy(() -> SshAgents.parse("default=/home/u/.ssh/id_rsa,/home/u/.ssh/id_ed25519", WITH_AGENT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not key files");
        assertThatThrownBy(() -> SshAgents.parse("=/run/x.sock", WITH_AGENT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs an id");
        assertThatThrownBy(() -> SshAgents.parse(null, WITH_AGENT)).hasMessageContaining("needs an id");
        assertThatThrownBy(() -> SshAgents.parse("deploy=", WITH_AGENT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("SSH agent 'deploy': no socket after '='");
    }

    @Test
    void theSyntaxIsCheckedWithoutAnEnvironment() {
        assertThat(SshAgents.checkSyntax("default")).isEqualTo("default");
        assertThat(SshAgents.checkSyntax("deploy=/run/deploy.sock")).isEqualTo("deploy");
        assertThatThrownBy(() -> SshAgents.checkSyntax("deploy="))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no socket after '='");
        assertThatThrownBy(() -> SshAgents.checkSyntax("=/run/x.sock")).hasMessageContaining("needs an id");
        assertThatThrownBy(() -> SshAgents.checkSyntax("default=/a/id_rsa,/a/id_ed25519"))
                .hasMessageContaining("not key files");
    }
}
