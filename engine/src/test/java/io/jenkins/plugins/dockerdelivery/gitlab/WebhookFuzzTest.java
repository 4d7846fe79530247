package io.jenkins.plugins.dockerdelivery.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.gitlab.Decision.Verdict;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Random, truncated and mutated bodies: always a decision, never an unexpected exception. */
class WebhookFuzzTest {
    private final WebhookDecider decider = new WebhookDecider(new DeliveryMemory());
    private static final byte[] PUSH = Payloads.read("push.json");

    private Decision decide(byte[] body) {
        return decider.decide(Payloads.request("Push Hook", body), TriggerSettings.defaults(), "fuzz");
    }

    @Property(tries = 500)
    void randomBytesAreRejectedClearly(@ForAll byte[] body) {
        Decision d = decide(body);
        assertThat(d.verdict()).isIn(Verdict.REJECTED, Verdict.SKIP, Verdict.BUILD);
        if (d.verdict() == Verdict.REJECTED) {
            assertThat(d.status()).isEqualTo(400);
            assertThat(d.reason()).startsWith("rejected: ");
        }
    }

    @Property(tries = 500)
    void truncatedPayloadsAreRejectedClearly(@ForAll @IntRange(min = 0, max = 4000) int length) {
        byte[] body = Arrays.copyOf(PUSH, Math.min(length, PUSH.length - 1));
        Decision d = decide(body);
        assertThat(d.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(d.reason()).startsWith("rejected: the body is not valid JSON");
    }

    @Property(tries = 1000)
    void mutatedPayloadsNeverThrow(@ForAll("mutations") Map.Entry<Integer, Byte> mutation) {
        byte[] body = PUSH.clone();
        int at = mutation.getKey() % body.length;
        body[at] = mutation.getValue();
        Decision d = decide(body);
        assertThat(d).isNotNull();
        assertThat(d.reason()).isNotBlank();
    }

    @Provide
    Arbitrary<Map.Entry<Integer, Byte>> mutations() {
        return Arbitraries.integers()
                .between(0, Integer.MAX_VALUE)
                .flatMap(i -> Arbitraries.bytes().map(b -> Map.entry(i, b)));
    }

    @Property(tries = 300)
    void randomJsonShapesNeverThrow(@ForAll("jsonish") String body) {
        Decision d = decide(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(d.reason()).isNotBlank();
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> values = Arbitraries.of(
                "null", "1", "\"x\"", "[]", "{}", "true", "\"refs/heads/main\"", "{\"path_with_namespace\":1}");
        Arbitrary<String> keys = Arbitraries.of(
                "ref", "before", "after", "project", "commits", "object_kind", "total_commits_count", "user_name");
        return Arbitraries.maps(keys, values).ofMaxSize(8).map(m -> {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "")
                    .append('"')
                    .append(k)
                    .append("\":")
                    .append(v));
            return sb.append('}').toString();
        });
    }
}
