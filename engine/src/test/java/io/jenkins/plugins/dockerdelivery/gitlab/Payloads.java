package io.jenkins.plugins.dockerdelivery.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The payload fixtures in src/test/resources/gitlab, and requests built from them. */
final class Payloads {
    private Payloads() {}

    static byte[] read(String name) {
        try (InputStream in = Payloads.class.getResourceAsStream("/gitlab/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebhookRequest request(String event, byte[] body, String... headerPairs) {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Gitlab-Event", event);
        headers.put("Content-Type", "application/json");
        for (int i = 0; i < headerPairs.length; i += 2) {
            if (headerPairs[i + 1] == null) {
                headers.remove(headerPairs[i]);
            } else {
                headers.put(headerPairs[i], headerPairs[i + 1]);
            }
        }
        return new WebhookRequest("POST", headers, body);
    }

    static WebhookRequest push(String fixture, String... headerPairs) {
        return request("Push Hook", read(fixture), headerPairs);
    }
}
