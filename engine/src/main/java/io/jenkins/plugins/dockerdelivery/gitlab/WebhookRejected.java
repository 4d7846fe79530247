package io.jenkins.plugins.dockerdelivery.gitlab;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;

/** A delivery refused before any matching: the HTTP status to answer and why, in words. */
public class WebhookRejected extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public WebhookRejected(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static WebhookRejected badRequest(String reason) {
        return new WebhookRejected(400, "rejected: " + reason);
    }
}
