package io.jenkins.plugins.dockerdelivery.gitlab;

import java.util.Map;

/**
 * What to do with a delivery, and why in words a person reads in a log or in GitLab's "recent
 * deliveries": build (with these parameters), or not, and the HTTP answer.
 *
 * @param verdict the outcome
 * @param status the HTTP status to answer GitLab with
 * @param reason why, in words: "skipped: branch feature/x excluded by 'feature/*'"
 * @param parameters the build parameters, for {@link Verdict#BUILD} only
 * @param event the parsed push, when the body was read
 */
public record Decision(Verdict verdict, int status, String reason, Map<String, String> parameters, PushEvent event) {
    public Decision {
        parameters = Map.copyOf(parameters);
    }

    public enum Verdict {
        /** The job should build. */
        BUILD,
        /** A valid push this job does not build (filters, deletions, skip markers). */
        SKIP,
        /** An event this trigger does not handle (merge requests, notes, pipelines ...). */
        IGNORED,
        /** A delivery already received. */
        DUPLICATE,
        /** The request itself is refused: wrong token, wrong method, malformed body. */
        REJECTED
    }

    /**
     * The text to answer GitLab with. A refused token gets the same words as an unknown job, whatever
     * the detailed {@link #reason()} (which goes to the server's log only).
     */
    public String reply() {
        return status == 401 ? WebhookDecider.NOT_ACCEPTED : reason;
    }

    public boolean shouldBuild() {
        return verdict == Verdict.BUILD;
    }

    /**
     * Whether the caller proved it knows the job's token (or the job asks for none). Refusals of
     * callers who did not are what strangers can send in any number: log them quietly.
     */
    public boolean authenticated() {
        return status != 401;
    }

    /** The answer when the job was to build but Jenkins would not schedule it (a disabled job). */
    public Decision notScheduled(String job) {
        return new Decision(
                Verdict.SKIP, 200, "skipped: Jenkins did not schedule " + job + " (is it disabled?)", Map.of(), event);
    }

    /** The answer, once the token is verified, when the job's own trigger settings are invalid. */
    static Decision misconfigured(String job, String problem) {
        return new Decision(
                Verdict.REJECTED,
                503,
                "rejected: the GitLab trigger settings of " + job + " are invalid (" + problem
                        + "); fix them in the job's configuration or its Jenkinsfile",
                Map.of(),
                null);
    }

    static Decision rejected(WebhookRejected e) {
        return new Decision(Verdict.REJECTED, e.status(), e.getMessage(), Map.of(), null);
    }

    static Decision of(Verdict verdict, String reason, PushEvent event) {
        return new Decision(verdict, 200, reason, Map.of(), event);
    }
}
