package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.dockerdelivery.gitlab.BoundedBody;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookDecider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
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

    private static GitLabPushTrigger trigger() {
        GitLabPushTrigger trigger = new GitLabPushTrigger();
        trigger.setSecretToken(Secret.fromString("the-token"));
        trigger.setProject("team/shop");
        return trigger;
    }

    private static FreeStyleProject job(JenkinsRule r) throws Exception {
        FreeStyleProject job = r.createFreeStyleProject("shop");
        job.addTrigger(trigger());
        return job;
    }

    private static HttpResponse<String> send(JenkinsRule r, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(r.getURL() + "docker-delivery-gitlab/" + path))
                .header("X-Gitlab-Event", "Push Hook")
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Gitlab-Token", token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
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

    /**
     * A POST that declares a body larger than the endpoint reads and sends only its first bytes, over
     * a plain socket: the answer must come without the body being read. The status and the text.
     */
    private static String[] postDeclaringHugeBody(JenkinsRule r, String path, String token) throws Exception {
        URI url = URI.create(r.getURL() + "docker-delivery-gitlab/" + path);
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(60_000);
            String head = "POST " + url.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + url.getHost() + ":" + url.getPort() + "\r\n"
                    + "X-Gitlab-Event: Push Hook\r\n"
                    + "Content-Type: application/json\r\n"
                    + (token == null ? "" : "X-Gitlab-Token: " + token + "\r\n")
                    + "Content-Length: " + (BoundedBody.DEFAULT_LIMIT + 1L) + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write("{\"object_kind\":\"push\"".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            StringBuilder rest = new StringBuilder();
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    rest.append(line).append('\n');
                }
            } catch (IOException e) {
                // the server may close the connection on the body it did not read
            }
            return new String[] {status, rest.toString()};
        }
    }

    @Test
    void aPushBuildsTheJobWithTheGitLabParametersInItsEnvironment(JenkinsRule r) throws Exception {
        FreeStyleProject job = job(r);
        HttpResponse<String> response = post(r, "shop", "the-token", "uuid-1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("build: push of 1 commit to branch main of team/shop by jsmith");
        r.waitUntilNoActivity();
        FreeStyleBuild build = job.getLastBuild();
        assertThat(build).isNotNull();
        // what the build's steps see, not ParametersAction.getParameter (which reads the unfiltered list)
        EnvVars env = build.getEnvironment(TaskListener.NULL);
        assertThat(env)
                .containsEntry("GITLAB_PROJECT", "team/shop")
                .containsEntry("GITLAB_REF", "refs/heads/main")
                .containsEntry("GITLAB_BRANCH", "main")
                .containsEntry("GITLAB_BEFORE", "95790bf891e76fee5e1747ab589903a6a1f80f22")
                .containsEntry("GITLAB_AFTER", "c5feabde2d8cd023215af4d2ceeb7a64839fc428")
                .containsEntry("GITLAB_USER", "jsmith")
                .containsEntry("GITLAB_REPO_URL", "https://gitlab.example.com/team/shop.git");
        assertThat(build.getCause(GitLabPushCause.class).getShortDescription())
                .contains("team/shop")
                .contains("jsmith");
    }

    @Test
    void aPipelineSeesTheGitLabParametersAsEnvironmentVariables(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        job.setDefinition(
                new CpsFlowDefinition("echo \"branch=${env.GITLAB_BRANCH} after=${env.GITLAB_AFTER}\"", true));
        job.addTrigger(trigger());
        assertThat(post(r, "shop", "the-token", "uuid-p").statusCode()).isEqualTo(200);
        r.waitUntilNoActivity();
        WorkflowRun run = job.getLastBuild();
        assertThat(run).isNotNull();
        r.assertBuildStatusSuccess(run);
        r.assertLogContains("branch=main after=c5feabde2d8cd023215af4d2ceeb7a64839fc428", run);
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
    void beforeTheTokenIsVerifiedEveryAnswerIsTheSame(JenkinsRule r) throws Exception {
        FreeStyleProject job = job(r);
        r.createFreeStyleProject("no-trigger");
        try (LogRecorder log =
                new LogRecorder().record(GitLabWebhook.class, Level.INFO).capture(100)) {
            List<HttpResponse<String>> answers = List.of(
                    send(r, "POST", "shop", "guess", PUSH), // wrong token
                    send(r, "POST", "shop", null, PUSH), // no token
                    send(r, "GET", "shop", null, null), // not a POST
                    send(r, "PUT", "shop", "guess", PUSH),
                    send(r, "POST", "no-such-job", "the-token", PUSH), // unknown job
                    send(r, "GET", "no-such-job", null, null),
                    send(r, "POST", "no-trigger", "the-token", PUSH)); // a job without the trigger
            for (HttpResponse<String> answer : answers) {
                assertThat(answer.statusCode()).isEqualTo(401);
                assertThat(answer.body().trim()).isEqualTo(WebhookDecider.NOT_ACCEPTED);
            }
            for (String path : List.of("shop", "no-such-job", "no-trigger")) { // too large, before the token
                String[] answer = postDeclaringHugeBody(r, path, path.equals("shop") ? "guess" : "the-token");
                assertThat(answer[0]).contains(" 401 ");
                assertThat(answer[1]).contains(WebhookDecider.NOT_ACCEPTED);
            }
            // strangers' requests are not logged at INFO or above: they cannot fill the log
            assertThat(log.getMessages()).isEmpty();
        }
        r.waitUntilNoActivity();
        assertThat(job.getBuilds()).isEmpty();
    }

    @Test
    void withTheTokenTheAnswersSayWhatIsWrong(JenkinsRule r) throws Exception {
        FreeStyleProject job = job(r);
        HttpResponse<String> get = send(r, "GET", "shop", "the-token", null);
        assertThat(get.statusCode()).isEqualTo(405);
        String[] large = postDeclaringHugeBody(r, "shop", "the-token");
        assertThat(large[0]).contains(" 413 ");
        assertThat(large[1]).contains("larger than " + BoundedBody.DEFAULT_LIMIT + " bytes");

        // a setting a Jenkinsfile or the REST API can store without the form's check
        job.getTrigger(GitLabPushTrigger.class).setBranchesRegex("(");
        HttpResponse<String> misconfigured = post(r, "shop", "the-token", "uuid-3");
        assertThat(misconfigured.statusCode()).isEqualTo(503);
        assertThat(misconfigured.body()).contains("trigger settings of shop are invalid");

        job.getTrigger(GitLabPushTrigger.class).setBranchesRegex(null);
        job.disable();
        HttpResponse<String> disabled = post(r, "shop", "the-token", "uuid-4");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(disabled.body()).startsWith("skipped: Jenkins did not schedule shop");
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
