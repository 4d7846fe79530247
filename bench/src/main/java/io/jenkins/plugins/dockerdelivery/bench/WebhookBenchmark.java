package io.jenkins.plugins.dockerdelivery.bench;

import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.gitlab.Decision;
import io.jenkins.plugins.dockerdelivery.gitlab.DeliveryMemory;
import io.jenkins.plugins.dockerdelivery.gitlab.RefFilter;
import io.jenkins.plugins.dockerdelivery.gitlab.TriggerSettings;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookDecider;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Webhook decisions for a typical 3-commit push on one core: verify the token, parse the payload,
 * check for a duplicate (every delivery has a new UUID, as from GitLab), match project, branch filter
 * and skip markers, build the parameters. Target: at least 20,000 decisions a second.
 */
@State(Scope.Thread)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:ActiveProcessorCount=1"})
public class WebhookBenchmark {
    private WebhookDecider decider;
    private TriggerSettings settings;
    private byte[] body;
    private Map<String, String> headers;
    private long delivery;

    @Setup
    public void setUp() throws IOException {
        try (InputStream in = WebhookBenchmark.class.getResourceAsStream("/push-3-commits.json")) {
            body = in.readAllBytes();
        }
        decider = new WebhookDecider(new DeliveryMemory());
        settings = new TriggerSettings(
                "https://gitlab.example.com/team/shop.git",
                true,
                false,
                RefFilter.wildcards(List.of("main", "release/*"), List.of("feature/*")),
                RefFilter.all(),
                TriggerSettings.DEFAULT_SKIP_MARKERS,
                Secret.of("a-reasonably-long-secret-token"),
                true);
        headers = new HashMap<>(Map.of(
                "X-Gitlab-Event",
                "Push Hook",
                "X-Gitlab-Token",
                "a-reasonably-long-secret-token",
                "Content-Type",
                "application/json"));
    }

    @Benchmark
    @BenchmarkMode({Mode.Throughput})
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Decision decisionsPerSecond() {
        return decide();
    }

    @Benchmark
    @BenchmarkMode({Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Decision latency() {
        return decide();
    }

    private Decision decide() {
        headers.put("X-Gitlab-Event-UUID", "delivery-" + delivery++);
        Decision decision = decider.decide(new WebhookRequest("POST", headers, body), settings, "team/shop");
        if (!decision.shouldBuild()) {
            throw new IllegalStateException(decision.reason());
        }
        return decision;
    }
}
