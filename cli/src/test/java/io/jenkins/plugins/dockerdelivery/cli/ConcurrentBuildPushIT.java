package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight {@code build-push} processes of different contexts push to one tag of the real authenticated
 * registry at once. Every digest a run prints must be a manifest whose config is the image that run
 * built: a run may fail saying another build re-tagged the name, but never print another run's image.
 */
class ConcurrentBuildPushIT {
    private static final int RUNS = 8;
    private static final Pattern IMAGE = Pattern.compile("^Image (sha256:[0-9a-f]{64}) ", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void everyPrintedDigestIsTheImageThatRunBuilt() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String repository = "cli/race-" + UUID.randomUUID().toString().substring(0, 8);
        String tag = env.authRegistry() + "/" + repository + ":1";
        String password = env.registryPassword().reveal();
        ExecutorService pool = Executors.newFixedThreadPool(RUNS);
        List<String> built = new ArrayList<>();
        try {
            List<Future<CliProcess.Result>> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                Path ctx = Files.createDirectories(dir.resolve("ctx" + i));
                // a different image per run: its own file content
                Files.writeString(ctx.resolve("run.txt"), "run " + i + " " + UUID.randomUUID() + "\n");
                Files.writeString(ctx.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nCOPY run.txt /\n");
                runs.add(pool.submit(() -> CliProcess.run(
                        password + "\n",
                        Map.of("DOCKER_HOST", env.dockerHost()),
                        "build-push",
                        "--context",
                        ctx.toString(),
                        "--tag",
                        tag,
                        "--registry-user",
                        env.registryUser(),
                        "--registry-password-stdin")));
            }
            int confirmed = 0;
            int refused = 0;
            for (Future<CliProcess.Result> run : runs) {
                CliProcess.Result r = run.get();
                Matcher image = IMAGE.matcher(r.out());
                if (r.exitCode() != 0) {
                    // the only acceptable failure: the run says another build took the tag from it
                    assertThat(r.err()).as(r.out()).contains("another build re-tagged");
                    refused++;
                    continue;
                }
                assertThat(image.find()).as(r.out()).isTrue();
                String imageId = image.group(1);
                built.add(imageId);
                Matcher pinned = Pattern.compile(Pattern.quote(tag) + "@(sha256:[0-9a-f]{64})$", Pattern.MULTILINE)
                        .matcher(r.out());
                assertThat(pinned.find()).as(r.out()).isTrue();
                assertThat(configDigest(env, repository, pinned.group(1)))
                        .as("the config of the manifest printed by a run")
                        .isEqualTo(imageId);
                confirmed++;
            }
            System.out.println(RUNS + " concurrent runs: " + confirmed + " pushed their own image, " + refused
                    + " refused to print a digest of another run's image");
            assertThat(confirmed).as("runs that pushed").isPositive();
        } finally {
            pool.shutdownNow();
            for (String id : built) {
                new ProcessBuilder("docker", "rmi", "-f", id).start().waitFor();
            }
        }
    }

    /** What the registry serves for {@code digest}: the digest of the manifest's config, the image ID. */
    private static String configDigest(TestEnvironment env, String repository, String digest)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + env.authRegistry() + "/v2/" + repository + "/manifests/" + digest))
                .header(
                        "Accept",
                        "application/vnd.docker.distribution.manifest.v2+json,"
                                + " application/vnd.oci.image.manifest.v1+json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((env.registryUser() + ":"
                                                        + env.registryPassword().reveal())
                                                .getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode manifest = new ObjectMapper().readTree(response.body());
        return manifest.path("config").path("digest").asText();
    }
}
