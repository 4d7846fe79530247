package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import io.jenkins.plugins.dockerdelivery.graph.ImageGraph;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ImageGraphStoreTest {
    @Test
    void recordsPersistsAndFollowsRenamesAndDeletions(JenkinsRule r) throws Exception {
        FreeStyleProject app = r.createFreeStyleProject("app");
        ImageGraphStore store = ImageGraphStore.get();
        store.record("app", List.of("registry.example.com/team/app:1"), List.of("registry.example.com/team/base:7"));

        String json = Files.readString(r.jenkins.getRootDir().toPath().resolve(ImageGraphStore.FILE));
        assertThat(ImageGraph.fromJson(json).producer("app").bases()).hasSize(1);

        app.renameTo("shop");
        assertThat(store.graph().producer("app")).isNull();
        assertThat(store.graph().producer("shop").images()).hasSize(1);

        app.delete();
        assertThat(store.graph().producers()).isEmpty();
    }

    @Test
    void theGraphPageDrawsThePicture(JenkinsRule r) throws Exception {
        r.createFreeStyleProject("base");
        r.createFreeStyleProject("app");
        ImageGraphStore.get().record("base", List.of("registry.example.com/team/base:7"), List.of("busybox"));
        ImageGraphStore.get()
                .record("app", List.of("registry.example.com/team/app:1"), List.of("registry.example.com/team/base:7"));
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(r.getURL() + "docker-delivery-graph/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<svg")
                .contains("registry.example.com/team/app:1")
                .contains("busybox:latest");
    }

    @Test
    void aProducingJobHasItsOwnImagesPage(JenkinsRule r) throws Exception {
        r.createFreeStyleProject("base");
        FreeStyleProject app = r.createFreeStyleProject("app");
        FreeStyleProject unrelated = r.createFreeStyleProject("unrelated");
        ImageGraphStore.get().record("base", List.of("registry.example.com/team/base:7"), List.of("busybox"));
        ImageGraphStore.get()
                .record("app", List.of("registry.example.com/team/app:1"), List.of("registry.example.com/team/base:7"));
        assertThat(app.getAction(JobImagesAction.class)).isNotNull();
        assertThat(unrelated.getAction(JobImagesAction.class)).isNull();
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(r.getURL() + "job/app/docker-images/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<svg")
                .contains("registry.example.com/team/base:7")
                .contains("job/base/");
    }
}
