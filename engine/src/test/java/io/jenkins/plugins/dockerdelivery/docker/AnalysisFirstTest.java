package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dockerfile is analysed before the daemon is even contacted (issue 10, major 6): with no daemon
 * at all, a Dockerfile the analysis refuses fails as that, not as an unreachable daemon, so nothing can
 * have been built or pushed first.
 */
class AnalysisFirstTest {
    @TempDir
    Path ctx;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ARG 1BAD=x\nFROM scratch\n",
                "FROM scratch AS a\nFROM scratch AS a\n",
            })
    void aDockerfileTheAnalysisRefusesFailsBeforeAnythingIsBuilt(String dockerfile) throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        DockerBuildPush nowhere = new DockerBuildPush(DockerEndpoint.of("unix://" + ctx.resolve("no-daemon.sock")));
        assertThatThrownBy(() -> nowhere.run(
                        BuildPushRequest.builder(ctx).withTag("team/app:1").build(), ProgressListener.NONE))
                .isInstanceOf(DockerfileException.class);
    }
}
