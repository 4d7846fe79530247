package io.jenkins.plugins.dockerdelivery.gitlab;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook delivery as it arrived: method, headers (looked up case-insensitively) and body bytes.
 * The plugin's endpoint and the CLI build one of these and hand it to {@link WebhookDecider}.
 */
public record WebhookRequest(String method, Map<String, String> headers, byte[] body) {
    public static final String EVENT_HEADER = "X-Gitlab-Event";
    public static final String TOKEN_HEADER = "X-Gitlab-Token";
    public static final String UUID_HEADER = "X-Gitlab-Event-UUID";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    public WebhookRequest {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body without a copy, for the parser. */
    byte[] bodyBytes() {
        return body;
    }
}
