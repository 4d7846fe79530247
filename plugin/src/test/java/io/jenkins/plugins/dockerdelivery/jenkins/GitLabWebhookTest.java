package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.ParametersAction;
import hudson.util.Secret;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookDecider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GitLabWebhookTest {
    private static final String PUSH = """
            {"object_kind":"push","ref":"refs/heads/main","before":"95790bf891e76fee5e1747ab589903a6a1f80f22",
             "after":"c5feabde2d8cd023215af4d2ceeb7a64839fc428","checkout_sha":"c5feabde2d8cd023215af4d2ceeb7a64839fc428",
             "user_name":"John Smith","user_username":"jsmith","user_email":"john@example.com","total_commits_count":1,
             "project":{"id":15,"path_with_namespace":"team/shop","web_url":"https://gitlab.example.com/team/shop",
                        "git_http_url":"https://gitlab.example.com/team/shop.git","git_ssh_url":"git@gitlab.example.com:team/shop.git"},
             "commits":[{"id":"c5feabde2d8cd023215af4d2ceeb7a64839fc428","message":"Add the cart","timestamp":"2026-11-26T10:00:00Z",
                         "url":"https://gitlab.example.com/team/shop/-/commit/c5feabde","author":{"name":"John","email":"john@example.com"}}]}
            """;

    private static FreeStyleProject job(JenkinsRule r) throws Exception {
        FreeStyleProject job = r.createFreeStyleProject("shop");
        GitLabPushTrigger trigger = new GitLabPushTrigger();
        trigger.setSecretToken(Secret.fromString("the-token"));
        trigger.setProject("team/shop");
        job.addTrigger(trigger);
        return job;
    }

    private static HttpResponse<String> post(JenkinsRule r, String path, String token, String uuid) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(r.getURL() + "docker-delivery-gitlab/" + path))
                .header("X-Gitlab-Event", "Push Hook")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PUSH));
        if (token != null) {
            request.header("X-Gitlab-Token", token);
        }
        if (uuid != null) {
            request.header("X-Gitlab-Event-UUID", uuid);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPushBuildsTheJobWithTheGitLabParameters(JenkinsRule r) throws Exception {
        FreeStyleProject job = job(r);
        HttpResponse<String> response = post(r, "shop", "the-token", "uuid-1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("build: push of 1 commit to branch main of team/shop by jsmith");
        r.waitUntilNoActivity();
        FreeStyleBuild build = job.getLastBuild();
        assertThat(build).isNotNull();
        ParametersAction parameters = build.getAction(ParametersAction.class);
        assertThat(parameters.getParameter("GITLAB_BRANCH").getValue()).isEqualTo("main");
        assertThat(parameters.getParameter("GITLAB_AFTER").getValue())
                .isEqualTo("c5feabde2d8cd023215af4d2ceeb7a64839fc428");
        assertThat(build.getCause(GitLabPushCause.class).getShortDescription())
                .contains("team/shop")
                .contains("jsmith");
    }

    @Test
    void aRedeliveryBuildsOnce(JenkinsRule r) throws Exception {
        FreeStyleProject job = job(r);
        assertThat(post(r, "shop", "the-token", "uuid-2").statusCode()).isEqualTo(200);
        HttpResponse<String> again = post(r, "shop", "the-token", "uuid-2");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).startsWith("already received");
        r.waitUntilNoActivity();
        assertThat(job.getBuilds()).hasSize(1);
    }

    @Test
    void aWrongTokenAndAnUnknownJobGetTheSameAnswer(JenkinsRule r) throws Exception {
        FreeStyleProject job = job(r);
        HttpResponse<String> wrong = post(r, "shop", "guess", null);
        HttpResponse<String> missing = post(r, "shop", null, null);
        HttpResponse<String> unknown = post(r, "no-such-job", "the-token", null);
        for (HttpResponse<String> response : new HttpResponse[] {wrong, missing, unknown}) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body().trim()).isEqualTo(WebhookDecider.NOT_ACCEPTED);
        }
        r.waitUntilNoActivity();
        assertThat(job.getBuilds()).isEmpty();
    }

    @Test
    void otherEventsAreIgnoredWithoutAnError(JenkinsRule r) throws Exception {
        job(r);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(r.getURL() + "docker-delivery-gitlab/shop"))
                                .header("X-Gitlab-Event", "Merge Request Hook")
                                .header("X-Gitlab-Token", "the-token")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().trim()).isEqualTo("ignored: Merge Request Hook");
    }
}
