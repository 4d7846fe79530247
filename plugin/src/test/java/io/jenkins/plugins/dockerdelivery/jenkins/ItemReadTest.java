package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.dockerdelivery.graph.Producer;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A user who may discover a job but not read it: {@code getItemByFullName} throws
 * AccessDeniedException for them, which made the graph pages answer 403. They now see the pages
 * without that job.
 */
@WithJenkins
class ItemReadTest {
    /** A page as the user sees it (the dummy realm takes the name as the password); it must answer 200. */
    private static String get(JenkinsRule r, String path, String user) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(r.getURL() + path))
                                .header("Authorization", "Basic " + basic)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        return page.body();
    }

    @Test
    void jobsAUserMayOnlyDiscoverAreLeftOutOfTheGraphPages(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        FreeStyleProject base = r.createFreeStyleProject("base");
        FreeStyleProject secret = r.createFreeStyleProject("secret-app");
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("viewer")
                .grant(Item.READ)
                .onItems(base)
                .to("viewer")
                .grant(Item.DISCOVER)
                .onItems(secret)
                .to("viewer"));
        ImageGraphStore.get().record("base", List.of("registry.example.com/team/base:7"), List.of("busybox"));
        ImageGraphStore.get()
                .record(
                        "secret-app",
                        List.of("registry.example.com/team/secret-app:1"),
                        List.of("registry.example.com/team/base:7"));

        assertThat(get(r, "docker-delivery-graph/", "viewer"))
                .contains("registry.example.com/team/base:7")
                .doesNotContain("secret-app");
        assertThat(get(r, "job/base/docker-images/", "viewer")).doesNotContain("secret-app");
        try (ACLContext ignored = ACL.as2(User.getById("viewer", true).impersonate2())) {
            assertThat(new ImageGraphAction().getProducers())
                    .extracting(Producer::id)
                    .containsExactly("base");
        }

        assertThat(ReadableItems.get(
                        "secret-app", Item.class, User.getById("viewer", true).impersonate2()))
                .isNull();
        assertThat(ReadableItems.get(
                        "base", Item.class, User.getById("viewer", true).impersonate2()))
                .isSameAs(base);
        assertThat(secret.hasPermission2(User.getById("viewer", true).impersonate2(), Item.DISCOVER))
                .isTrue();
    }

    @Test
    void aSecondImageOfAJobIsAddedToItsRecord(JenkinsRule r) throws Exception {
        r.createFreeStyleProject("shop");
        ImageGraphStore store = ImageGraphStore.get();
        store.record("shop", List.of("reg/app:1"), List.of("reg/base:7"));
        store.record("shop", List.of("reg/worker:1"), List.of("reg/python:3"));
        assertThat(store.graph().producer("shop").images())
                .extracting(ImageReference::familiar)
                .containsExactly("reg/app:1", "reg/worker:1");
        // a build that pushed all of them again replaces the bases: base:7 is forgotten
        store.record("shop", List.of("reg/app:1", "reg/worker:1"), List.of("reg/base:8", "reg/python:3"));
        assertThat(store.graph().producer("shop").bases())
                .extracting(ImageReference::familiar)
                .containsExactly("reg/base:8", "reg/python:3");
    }
}
