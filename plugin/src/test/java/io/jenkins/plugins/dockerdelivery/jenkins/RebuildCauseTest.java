package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RebuildCauseTest {
    @Test
    void aRebuildSaysWhyInTheLogAndOnTheBuildPage(JenkinsRule r) throws Exception {
        FreeStyleBuild upstream = r.buildAndAssertSuccess(r.createFreeStyleProject("base"));
        FreeStyleProject app = r.createFreeStyleProject("app");

        FreeStyleBuild rebuilt = r.assertBuildStatusSuccess(
                app.scheduleBuild2(0, new CauseAction(new RebuildCause(upstream, "registry.example.com/team/base:7"))));

        r.assertLogContains("Rebuild after registry.example.com/team/base:7 was rebuilt by base #1", rebuilt);
        r.assertLogNotContains("Started by upstream project", rebuilt);
        String page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(r.getURL() + "job/app/1/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(page).contains("Rebuild after registry.example.com/team/base:7 was rebuilt by");
        // still an upstream cause, for Jenkins and other plugins
        assertThat(rebuilt.getCause(Cause.UpstreamCause.class)).isNotNull();
    }

    @Test
    void twoRebuildsByOneUpstreamBuildAreOneCause(JenkinsRule r) throws Exception {
        FreeStyleBuild upstream = r.buildAndAssertSuccess(r.createFreeStyleProject("base"));
        // the queue folds equal causes: an upstream build rebuilds each dependent once
        assertThat(new RebuildCause(upstream, "reg/base:7"))
                .isEqualTo(new RebuildCause(upstream, "reg/base:7"))
                .hasSameHashCodeAs(new RebuildCause(upstream, "reg/base:7"));
        assertThat(new RebuildCause(upstream, "reg/base:7").getShortDescription())
                .isEqualTo("Rebuild after reg/base:7 was rebuilt by base #1");
    }
}
