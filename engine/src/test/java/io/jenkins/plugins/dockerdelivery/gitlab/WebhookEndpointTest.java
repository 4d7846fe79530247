package io.jenkins.plugins.dockerdelivery.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.gitlab.Decision.Verdict;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WebhookEndpointTest {
    private static final Secret TOKEN = Secret.of("s3cr3t-token-value");
    private static final int LIMIT = 64 * 1024;

    private final WebhookEndpoint endpoint = new WebhookEndpoint(new WebhookDecider(new DeliveryMemory()), LIMIT);

    /** A request whose body fails the test if it is opened: nothing may read it before the token is verified. */
    private record Incoming(
            String method, Map<String, String> headers, long contentLength, byte[] bytes, boolean mayRead)
            implements WebhookEndpoint.Incoming {
        @Override
        public InputStream body() {
            assertThat(mayRead)
                    .as("the body is read only after the token is verified")
                    .isTrue();
            return new ByteArrayInputStream(bytes);
        }
    }

    private record Job(String name, Secret secretToken, boolean requireToken, Supplier<TriggerSettings> settingsOf)
            implements WebhookEndpoint.Target {
        @Override
        public TriggerSettings settings() {
            return settingsOf.get();
        }
    }

    private static Job job() {
        return new Job("shop", TOKEN, true, () -> TriggerSettings.defaults().withSecretToken(TOKEN));
    }

    private static Incoming push(String method, String token, byte[] body, boolean mayRead) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Gitlab-Event", "Push Hook");
        headers.put("Content-Type", "application/json");
        if (token != null) {
            headers.put("X-Gitlab-Token", token);
        }
        return new Incoming(method, headers, body.length, body, mayRead);
    }

    private static Incoming stranger(String method, String token, byte[] body) {
        return push(method, token, body, false);
    }

    @Test
    void untilTheTokenIsVerifiedEveryRefusalIsTheSameAndTheBodyIsNotRead() throws Exception {
        byte[] push = Payloads.read("push.json");
        byte[] huge = new byte[LIMIT + 1];
        List<Decision> answers = List.of(
                endpoint.answer(stranger("POST", TOKEN.reveal(), push), null), // no such job, or no trigger
                endpoint.answer(stranger("GET", TOKEN.reveal(), new byte[0]), null),
                endpoint.answer(stranger("POST", TOKEN.reveal(), huge), null),
                endpoint.answer(stranger("POST", "a-guess", push), job()),
                endpoint.answer(stranger("POST", null, push), job()),
                endpoint.answer(stranger("GET", null, new byte[0]), job()),
                endpoint.answer(stranger("PUT", "a-guess", push), job()),
                endpoint.answer(stranger("POST", null, huge), job()),
                endpoint.answer(stranger("POST", "a-guess", push), new Job("broken", TOKEN, true, () -> {
                    throw new InvalidInputException("bad regex");
                })),
                endpoint.answer(
                        stranger("POST", null, push), new Job("no-token", null, true, TriggerSettings::defaults)));
        for (Decision answer : answers) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.reply()).isEqualTo(WebhookDecider.NOT_ACCEPTED);
            assertThat(answer.authenticated()).isFalse();
            assertThat(answer.shouldBuild()).isFalse();
        }
    }

    @Test
    void withTheTokenTheMethodTheSizeAndTheSettingsAreNamed() throws Exception {
        Decision get = endpoint.answer(push("GET", TOKEN.reveal(), new byte[0], false), job());
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.reply()).contains("POST");

        Decision huge = endpoint.answer(push("POST", TOKEN.reveal(), new byte[LIMIT + 1], true), job());
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.reply()).contains(String.valueOf(LIMIT)).doesNotContain("raise");

        Decision broken = endpoint.answer(
                push("POST", TOKEN.reveal(), Payloads.read("push.json"), true),
                new Job("team/broken", TOKEN, true, () -> {
                    throw new InvalidInputException("Invalid regular expression '(': Unclosed group");
                }));
        assertThat(broken.status()).isEqualTo(503);
        assertThat(broken.authenticated()).isTrue();
        assertThat(broken.reply())
                .contains("team/broken")
                .contains("Invalid regular expression '('")
                .contains("fix them in the job's configuration");
    }

    @Test
    void aGoodPushBuildsAndADisabledJobSaysSo() throws Exception {
        Decision build = endpoint.answer(push("POST", TOKEN.reveal(), Payloads.read("push.json"), true), job());
        assertThat(build.verdict()).isEqualTo(Verdict.BUILD);
        assertThat(build.parameters()).containsEntry("GITLAB_BRANCH", "main");

        Decision notScheduled = build.notScheduled("shop");
        assertThat(notScheduled.status()).isEqualTo(200);
        assertThat(notScheduled.shouldBuild()).isFalse();
        assertThat(notScheduled.reply()).isEqualTo("skipped: Jenkins did not schedule shop (is it disabled?)");
    }

    @Test
    void aJobThatAsksForNoTokenAnswersAnyone() throws Exception {
        Job open = new Job("open", null, false, TriggerSettings::defaults);
        Decision d = endpoint.answer(push("POST", null, Payloads.read("push.json"), true), open);
        assertThat(d.verdict()).isEqualTo(Verdict.BUILD);
        assertThat(d.reason()).contains("no secret token configured");
    }
}
