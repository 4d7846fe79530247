package io.jenkins.plugins.dockerdelivery.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.docker.ApiVersion;
import io.jenkins.plugins.dockerdelivery.docker.DockerConnector;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.DockerSession;
import org.junit.jupiter.api.Test;

class DockerEngineSmokeIT {
    @Test
    void daemonAnswersItsVersionAndHasTheBaseImage() {
        TestEnvironment env = TestEnvironment.require();
        try (DockerSession docker = DockerConnector.connect(DockerEndpoint.of(env.dockerHost()))) {
            assertThat(docker.engineVersion()).isNotBlank();
            assertThat(docker.apiVersion()).isGreaterThanOrEqualTo(ApiVersion.OLDEST_SUPPORTED);
            assertThat(docker.client().inspectImageCmd(env.baseImage()).exec().getId())
                    .startsWith("sha256:");
        }
    }
}
