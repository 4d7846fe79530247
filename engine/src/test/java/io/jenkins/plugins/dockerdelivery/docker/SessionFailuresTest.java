package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The advice a failed build gets for what it needed of its session; the ITs check it on the real daemon. */
class SessionFailuresTest {
    @Test
    void severalSecretsNotGivenAreAllNamed() {
        assertThat(SessionFailures.secretsHint(new TreeSet<>(Set.of("npmrc", "aws"))))
                .startsWith("The Dockerfile asks for the secrets 'aws', 'npmrc', which this build was not given."
                        + " Give each with --secret id=aws,src=FILE");
    }

    @Test
    void theDefaultAgentIsGivenWithoutASocket() {
        assertThat(SessionFailures.sshHint("default"))
                .isEqualTo("The Dockerfile mounts the SSH agent 'default', and this build forwards none for it. Give"
                        + " it with --ssh default (CLI, the agent of SSH_AUTH_SOCK), or ssh: ['default'] inside"
                        + " sshagent {} (dockerBuildPush).");
        assertThat(SessionFailures.sshHint("deploy")).contains("--ssh deploy=SOCKET (CLI)");
    }
}
