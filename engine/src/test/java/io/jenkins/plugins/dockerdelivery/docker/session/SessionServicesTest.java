package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.BuildSecret;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Packet;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.secrets.GetSecretRequest;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.secrets.GetSecretResponse;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.sshforward.CheckAgentRequest;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.sshforward.CheckAgentResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the session's services answer for what the build was not given: the daemon turns NOT_FOUND into
 * its own message, and the build's failure says how to give it (from what {@link SecretsService} recorded).
 */
class SessionServicesTest {
    @Test
    void aSecretGivenIsAnsweredWithItsBytesAndAnUnknownIdIsNotFoundAndRecorded() {
        SecretsService service = new SecretsService(List.of(BuildSecret.ofText("token", Secret.of("tök-1"))));

        RecordedAnswer<GetSecretResponse> given = new RecordedAnswer<>();
        service.getSecret(GetSecretRequest.newBuilder().setID("token").build(), given);
        assertThat(given.error).isNull();
        assertThat(given.completed).isTrue();
        assertThat(given.values.get(0).getData().toByteArray()).isEqualTo("tök-1".getBytes(StandardCharsets.UTF_8));
        assertThat(service.notGiven()).isEmpty();

        for (String id : List.of("npmrc", "aws", "npmrc")) {
            RecordedAnswer<GetSecretResponse> missing = new RecordedAnswer<>();
            service.getSecret(GetSecretRequest.newBuilder().setID(id).build(), missing);
            assertThat(missing.values).isEmpty();
            assertThat(Status.fromThrowable(missing.error).getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(Status.fromThrowable(missing.error).getDescription()).startsWith("secret " + id + " not found");
        }
        assertThat(service.notGiven()).containsExactly("aws", "npmrc");
    }

    @Test
    void anSshIdWithoutAnAgentIsNotFoundNamingItAndAMissingSocketIsUnavailable() {
        Path socket = Path.of("/nonexistent/agent.sock");
        SshForwardService service = new SshForwardService(Map.of("default", socket), Runnable::run);

        RecordedAnswer<CheckAgentResponse> unknown = new RecordedAnswer<>();
        service.checkAgent(CheckAgentRequest.newBuilder().setID("deploy").build(), unknown);
        assertThat(Status.fromThrowable(unknown.error).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(Status.fromThrowable(unknown.error).getDescription())
                .isEqualTo("no SSH agent is forwarded for ssh id 'deploy': give it with --ssh deploy (CLI) or"
                        + " ssh: ['deploy'] (dockerBuildPush)");

        // a mount that names no id asks for "default"
        RecordedAnswer<CheckAgentResponse> gone = new RecordedAnswer<>();
        service.checkAgent(CheckAgentRequest.newBuilder().setID("").build(), gone);
        assertThat(Status.fromThrowable(gone.error).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(Status.fromThrowable(gone.error).getDescription())
                .contains(socket.toString())
                .contains("is the agent running?");
    }

    @Test
    void aSourceTheSessionDoesNotServeIsNotFoundAndNothingIsSent() {
        FileSyncService service = new FileSyncService(Map.of(), Runnable::run, stats -> {
            throw new AssertionError("nothing was synced");
        });
        RecordedAnswer<Packet> answer = new RecordedAnswer<>();
        // outside a call the dir-name header is empty: a name no source has
        service.diffCopy(answer);
        assertThat(answer.values).isEmpty();
        assertThat(Status.fromThrowable(answer.error).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(Status.fromThrowable(answer.error).getDescription()).isEqualTo("no access allowed to dir \"\"");
    }
}
