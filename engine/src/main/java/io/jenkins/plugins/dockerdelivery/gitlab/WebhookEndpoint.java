package io.jenkins.plugins.dockerdelivery.gitlab;

import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * What the webhook endpoint answers, in the order that keeps it from telling strangers anything: until
 * the secret token is verified, a job that does not exist, a job without the trigger, a wrong or
 * missing token, a GET and an oversized body all get the same {@link WebhookDecider#NOT_ACCEPTED}
 * answer, and the body is not read. After it: the method, the body's size, the job's own settings,
 * then {@link WebhookDecider}'s decision.
 */
public final class WebhookEndpoint {
    /** A job that has the trigger, as far as the endpoint needs it. */
    public interface Target {
        /** The job's name, for duplicate detection and messages. */
        String name();

        /** The token GitLab must present, or null when none is configured. */
        Secret secretToken();

        /** Whether a delivery is refused when no token is configured. */
        boolean requireToken();

        /** The job's filters; may fail when a setting is invalid (a regex from a Jenkinsfile). */
        TriggerSettings settings();
    }

    /** The request as the servlet has it; the body is opened only after the token is verified. */
    public interface Incoming {
        String method();

        Map<String, String> headers();

        /** The Content-Length header, or -1. */
        long contentLength();

        InputStream body() throws IOException;
    }

    private final WebhookDecider decider;
    private final int bodyLimit;

    public WebhookEndpoint(WebhookDecider decider, int bodyLimit) {
        this.decider = decider;
        this.bodyLimit = bodyLimit;
    }

    /**
     * @param target the job the URL names, or null when there is none with the trigger (or none at all)
     */
    public Decision answer(Incoming request, Target target) throws IOException {
        if (target == null) {
            return WebhookDecider.unknownJob();
        }
        WebhookRequest headersOnly = new WebhookRequest(request.method(), request.headers(), new byte[0]);
        try {
            WebhookDecider.checkToken(headersOnly, target.secretToken(), target.requireToken());
            if (!"POST".equalsIgnoreCase(request.method())) {
                throw WebhookDecider.notPost(request.method());
            }
            byte[] body;
            try (InputStream in = request.body()) {
                body = BoundedBody.read(in, request.contentLength(), bodyLimit);
            }
            TriggerSettings settings;
            try {
                settings = target.settings();
            } catch (DeliveryException e) {
                return Decision.misconfigured(target.name(), e.getMessage());
            }
            return decider.decide(
                    new WebhookRequest(request.method(), request.headers(), body), settings, target.name());
        } catch (WebhookRejected e) {
            return Decision.rejected(e);
        }
    }
}
