package io.jenkins.plugins.dockerdelivery.docker;

/** A {@link DockerSession} for tests whose daemon is a stand-in: API 1.41, and no docker-java call allowed. */
final class StandInDockerSession {
    private StandInDockerSession() {}

    static DockerSession at(String host) {
        return new DockerSession(DockerEndpoint.of(host), new ApiVersion(1, 41), "test", () -> {
            throw new AssertionError("no docker-java call is expected");
        });
    }
}
