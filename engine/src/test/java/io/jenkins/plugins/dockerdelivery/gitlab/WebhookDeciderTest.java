package io.jenkins.plugins.dockerdelivery.gitlab;

import static io.jenkins.plugins.dockerdelivery.gitlab.Payloads.push;
import static io.jenkins.plugins.dockerdelivery.gitlab.Payloads.read;
import static io.jenkins.plugins.dockerdelivery.gitlab.Payloads.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.gitlab.Decision.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookDeciderTest {
    private static final Secret TOKEN = Secret.of("s3cr3t-token-value");
    private final WebhookDecider decider = new WebhookDecider(new DeliveryMemory());
    private final TriggerSettings settings = TriggerSettings.defaults().withSecretToken(TOKEN);

    private Decision decide(WebhookRequest request, TriggerSettings s) {
        return decider.decide(request, s, "team/shop-job");
    }

    private Decision decide(WebhookRequest request) {
        return decide(request, settings);
    }

    private static TriggerSettings with(String yaml) {
        return TriggerSettings.parse("settings.yaml", yaml).withSecretToken(TOKEN);
    }

    @Test
    void aGoodPushBuildsWithTheDocumentedParameters() {
        Decision d = decide(push("push.json", "X-Gitlab-Token", TOKEN.reveal()));
        assertThat(d.verdict()).isEqualTo(Verdict.BUILD);
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.reason()).isEqualTo("build: push of 3 commits to branch main of team/shop by jsmith (c5feabde)");
        assertThat(d.parameters())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "GITLAB_PROJECT", "team/shop",
                                "GITLAB_REF", "refs/heads/main",
                                "GITLAB_BRANCH", "main",
                                "GITLAB_BEFORE", "95790bf891e76fee5e1747ab589903a6a1f80f22",
                                "GITLAB_AFTER", "c5feabde2d8cd023215af4d2ceeb7a64839fc428",
                                "GITLAB_USER", "jsmith",
                                "GITLAB_REPO_URL", "https://gitlab.example.com/team/shop.git",
                                "GITLAB_COMPARE_URL",
                                        "https://gitlab.example.com/team/shop/-/compare/95790bf891e76fee5e1747ab589903a6a1f80f22...c5feabde2d8cd023215af4d2ceeb7a64839fc428"));
    }

    @Test
    void tagPushesBuildWhenEnabledWithTheTagParameter() {
        WebhookRequest tag = request("Tag Push Hook", read("tag-push.json"), "X-Gitlab-Token", TOKEN.reveal());
        assertThat(decide(tag).reason()).isEqualTo("skipped: tag pushes do not build this job (tag v1.0.0)");
        Decision d = decide(tag, with("events: [push, tag_push]\ntags: {include: ['v*']}"));
        assertThat(d.verdict()).isEqualTo(Verdict.BUILD);
        assertThat(d.parameters()).containsEntry("GITLAB_TAG", "v1.0.0").doesNotContainKey("GITLAB_BRANCH");
        assertThat(decide(tag, with("events: [tag_push]\ntags: {include: ['release-*']}"))
                        .reason())
                .isEqualTo("skipped: tag v1.0.0 not included by 'release-*'");
    }

    // --- rejections -------------------------------------------------------------------------

    @Test
    void wrongOrMissingTokenIsRejectedWithoutSayingWhetherTheJobExists() {
        Decision wrong = decide(push("push.json", "X-Gitlab-Token", "guess"));
        Decision missing = decide(push("push.json"));
        Decision unknown = WebhookDecider.unknownJob();
        for (Decision d : List.of(wrong, missing, unknown)) {
            assertThat(d.verdict()).isEqualTo(Verdict.REJECTED);
            assertThat(d.status()).isEqualTo(401);
            assertThat(d.reply()).isEqualTo(WebhookDecider.NOT_ACCEPTED);
        }
        assertThat(wrong.reason()).doesNotContain(TOKEN.reveal()).doesNotContain("guess");
    }

    @Test
    void theTokenIsCheckedBeforeTheEventTypeOrBody() {
        assertThat(decide(request("Merge Request Hook", new byte[0], "X-Gitlab-Token", "wrong"))
                        .status())
                .isEqualTo(401);
        assertThat(decide(request("Push Hook", "garbage".getBytes(), "X-Gitlab-Token", "wrong"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void noTokenConfiguredIsAnExplicitDecision() {
        Decision open = decide(push("push.json"), TriggerSettings.defaults());
        assertThat(open.verdict()).isEqualTo(Verdict.BUILD);
        assertThat(open.reason())
                .endsWith("(no secret token configured: anyone who can reach this URL can trigger the job)");

        Decision required = decide(push("push.json"), TriggerSettings.parse("s", "requireToken: true"));
        assertThat(required.status()).isEqualTo(401);
        assertThat(required.reason()).contains("requires a secret token, but none is configured");
        assertThat(required.reply()).isEqualTo(WebhookDecider.NOT_ACCEPTED);
    }

    @Test
    void onlyPostIsAcceptedAndOnlyThoseWithTheTokenAreToldSo() {
        WebhookRequest get = new WebhookRequest(
                "GET", Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", TOKEN.reveal()), new byte[0]);
        Decision d = decide(get);
        assertThat(d.status()).isEqualTo(405);
        assertThat(d.reason()).isEqualTo("rejected: GitLab webhooks are POST requests, not GET");

        WebhookRequest stranger = new WebhookRequest("GET", Map.of("X-Gitlab-Event", "Push Hook"), new byte[0]);
        assertThat(decide(stranger).status()).isEqualTo(401);
        assertThat(decide(stranger).reply()).isEqualTo(WebhookDecider.NOT_ACCEPTED);
    }

    @Test
    void otherEventsAreIgnoredWithoutError() {
        for (String event : List.of("Merge Request Hook", "Note Hook", "Pipeline Hook", "System Hook", "Job Hook")) {
            Decision d = decide(request(event, "{}".getBytes(), "X-Gitlab-Token", TOKEN.reveal()));
            assertThat(d.verdict()).isEqualTo(Verdict.IGNORED);
            assertThat(d.status()).isEqualTo(200);
            assertThat(d.reason()).isEqualTo("ignored: " + event);
        }
    }

    @Test
    void badRequestsAre400ClassAnswers() {
        assertThat(decide(push("push.json", "X-Gitlab-Token", TOKEN.reveal(), "X-Gitlab-Event", null))
                        .reason())
                .contains("X-Gitlab-Event header is missing");
        Decision form = decide(push(
                "push.json", "X-Gitlab-Token", TOKEN.reveal(), "Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.status()).isEqualTo(415);
        Decision junk = decide(request("Push Hook", "{not json".getBytes(), "X-Gitlab-Token", TOKEN.reveal()));
        assertThat(junk.status()).isEqualTo(400);
        assertThat(junk.reason()).startsWith("rejected: the body is not valid JSON");
        assertThat(decide(push(
                                "push.json",
                                "X-Gitlab-Token",
                                TOKEN.reveal(),
                                "Content-Type",
                                "application/json; charset=utf-8"))
                        .shouldBuild())
                .isTrue();
    }

    // --- matching -----------------------------------------------------------------------------

    @Test
    void deletionsNeverBuild() {
        assertThat(decide(push("branch-deletion.json", "X-Gitlab-Token", TOKEN.reveal()))
                        .reason())
                .isEqualTo("skipped: branch feature/old was deleted");
        WebhookRequest tagDeletion =
                request("Tag Push Hook", read("tag-deletion.json"), "X-Gitlab-Token", TOKEN.reveal());
        assertThat(decide(tagDeletion, with("events: [tag_push]")).reason())
                .isEqualTo("skipped: tag v1.0.0 was deleted");
    }

    @Test
    void projectMatchesAnySpellingOfIt() {
        for (String spelling : List.of(
                "team/shop",
                "Team/Shop",
                "team/shop.git",
                "https://gitlab.example.com/team/shop",
                "https://GITLAB.example.com/team/shop.git/",
                "git@gitlab.example.com:team/shop.git",
                "ssh://git@gitlab.example.com:2222/team/shop.git",
                "http://gitlab.example.com/team/shop")) {
            assertThat(decide(push("push.json", "X-Gitlab-Token", TOKEN.reveal()), with("project: '" + spelling + "'"))
                            .verdict())
                    .as(spelling)
                    .isEqualTo(Verdict.BUILD);
        }
        assertThat(decide(push("push.json", "X-Gitlab-Token", TOKEN.reveal()), with("project: team/blog"))
                        .reason())
                .isEqualTo("skipped: project team/shop is not team/blog");
        assertThat(decide(
                                push("push.json", "X-Gitlab-Token", TOKEN.reveal()),
                                with("project: https://other.example.com/team/shop"))
                        .verdict())
                .isEqualTo(Verdict.SKIP);
    }

    @Test
    void branchFiltersSayWhy() {
        WebhookRequest main = push("push.json", "X-Gitlab-Token", TOKEN.reveal());
        WebhookRequest feature = push("push-new-branch.json", "X-Gitlab-Token", TOKEN.reveal());
        assertThat(decide(feature, with("branches: {exclude: ['feature/*']}")).reason())
                .isEqualTo("skipped: branch feature/cart excluded by 'feature/*'");
        assertThat(decide(main, with("branches: {include: [main, 'release/*'], exclude: ['feature/*']}"))
                        .verdict())
                .isEqualTo(Verdict.BUILD);
        assertThat(decide(feature, with("branches: {include: [main, 'release/*']}"))
                        .reason())
                .isEqualTo("skipped: branch feature/cart not included by 'main', 'release/*'");
        assertThat(decide(feature, with("branches: {regex: '^(main|feature/.*)$'}"))
                        .verdict())
                .isEqualTo(Verdict.BUILD);
        assertThat(decide(main, with("branches: {regex: '^release/.*$'}")).reason())
                .isEqualTo("skipped: branch main does not match /^release/.*$/");
        assertThat(decide(main, with("events: [tag_push]")).reason())
                .isEqualTo("skipped: branch pushes do not build this job (branch main)");
    }

    @Test
    void skipMarkersInTheHeadCommitOnlyCaseInsensitive() {
        assertThat(decide(push("push-ci-skip.json", "X-Gitlab-Token", TOKEN.reveal()))
                        .reason())
                .isEqualTo("skipped: the head commit c5feabde says '[ci skip]'");
        // the marker is in the head commit's body here: still a skip
        assertThat(decide(push("push-non-ascii.json", "X-Gitlab-Token", TOKEN.reveal()))
                        .verdict())
                .isEqualTo(Verdict.SKIP);
        assertThat(decide(
                                push("push-ci-skip.json", "X-Gitlab-Token", TOKEN.reveal()),
                                with("skipMarkers: ['[no build]']"))
                        .verdict())
                .isEqualTo(Verdict.BUILD);
    }

    // --- duplicates ---------------------------------------------------------------------------

    @Test
    void aRedeliveryIsAnsweredAlreadyReceivedAndDoesNotBuildAgain() {
        WebhookRequest first =
                push("push.json", "X-Gitlab-Token", TOKEN.reveal(), "X-Gitlab-Event-UUID", "7b8c9d0e-uuid");
        assertThat(decide(first).verdict()).isEqualTo(Verdict.BUILD);
        Decision again = decide(first);
        assertThat(again.verdict()).isEqualTo(Verdict.DUPLICATE);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.reason()).isEqualTo("already received: delivery 7b8c9d0e-uuid was handled before");
        // Idempotency-Key wins over the UUID; other jobs are not affected
        WebhookRequest keyed = push(
                "push.json",
                "X-Gitlab-Token",
                TOKEN.reveal(),
                "Idempotency-Key",
                "key-1",
                "X-Gitlab-Event-UUID",
                "other");
        assertThat(decide(keyed).verdict()).isEqualTo(Verdict.BUILD);
        assertThat(decide(keyed).verdict()).isEqualTo(Verdict.DUPLICATE);
        assertThat(decider.decide(first, settings, "another-job").verdict()).isEqualTo(Verdict.BUILD);
    }

    @Test
    void aRejectedDeliveryIsNotRemembered() {
        WebhookRequest wrong = push("push.json", "X-Gitlab-Token", "wrong", "X-Gitlab-Event-UUID", "u-1");
        assertThat(decide(wrong).verdict()).isEqualTo(Verdict.REJECTED);
        WebhookRequest right = push("push.json", "X-Gitlab-Token", TOKEN.reveal(), "X-Gitlab-Event-UUID", "u-1");
        assertThat(decide(right).verdict()).isEqualTo(Verdict.BUILD);
    }
}
