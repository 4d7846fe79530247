package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failing RUN that echoes a build arg holding the registry password, with both builders against the
 * real Docker Engine and authenticated registry: the final error (the step name BuildKit expands, the
 * last output) is masked like the progress lines, and the build arg is warned about.
 */
class SecretMaskingIT {
    @TempDir
    Path ctx;

    @ParameterizedTest
    @ValueSource(strings = {"buildkit", "classic"})
    void theRegistryPasswordIsInNoMessageOfAFailedBuild(String builder) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String password = env.registryPassword().reveal();
        Files.writeString(
                ctx.resolve("Dockerfile"),
                "FROM " + env.baseImage() + "\nARG PW\nRUN echo \"the pw is $PW\" && exit 3\n");
        CliProcess.Result r = CliProcess.run(
                password + "\n",
                Map.of("DOCKER_HOST", env.dockerHost()),
                "build-push",
                "--context",
                ctx.toString(),
                "--tag",
                env.authRegistry() + "/cli/masked-"
                        + UUID.randomUUID().toString().substring(0, 8) + ":1",
                "--builder",
                builder,
                "--build-arg",
                "PW=" + password,
                "--registry-user",
                env.registryUser(),
                "--registry-password-stdin");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("The build failed").contains("****");
        assertThat(r.out()).contains("WARNING: the build arg PW holds the registry password for " + env.authRegistry());
        assertThat(r.out() + r.err()).doesNotContain(password);
    }
}
