package io.jenkins.plugins.dockerdelivery.gitlab;

import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.gitlab.Decision.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides what one GitLab delivery means for one job. The plugin's endpoint and {@code docker-delivery
 * gitlab decide} run exactly this, so "why didn't my push build?" has one answer everywhere.
 *
 * <p>Order: secret token (compared in constant time, before anything else is read), method, event
 * type, content type, body, duplicate delivery, then the job's filters.
 */
public final class WebhookDecider {
    /**
     * The answer to a wrong token and to a job that does not exist alike, so that the reply does not
     * tell a caller which jobs exist.
     */
    public static final String NOT_ACCEPTED =
            "rejected: the secret token is missing or wrong, or no job here accepts this hook";

    private final DeliveryMemory memory;

    public WebhookDecider(DeliveryMemory memory) {
        this.memory = memory;
    }

    /** A decision for a delivery to a job that does not exist (or may not be seen). */
    public static Decision unknownJob() {
        return new Decision(Verdict.REJECTED, 401, NOT_ACCEPTED, Map.of(), null);
    }

    /**
     * @param jobKey the job's name: duplicate detection is per job, since GitLab sends one delivery to
     *     each hook URL
     */
    public Decision decide(WebhookRequest request, TriggerSettings settings, String jobKey) {
        try {
            return decideOrThrow(request, settings, jobKey);
        } catch (WebhookRejected e) {
            return Decision.rejected(e);
        }
    }

    private Decision decideOrThrow(WebhookRequest request, TriggerSettings settings, String jobKey) {
        // the token first: until it is verified, every refusal reads the same (see WebhookEndpoint)
        String tokenNote = checkToken(request, settings.secretToken(), settings.requireToken());
        if (!"POST".equalsIgnoreCase(request.method())) {
            throw notPost(request.method());
        }

        String eventHeader = request.header(WebhookRequest.EVENT_HEADER);
        if (eventHeader == null || eventHeader.isBlank()) {
            throw WebhookRejected.badRequest(
                    "the " + WebhookRequest.EVENT_HEADER + " header is missing; is this a GitLab webhook?");
        }
        PushEvent.Kind kind = PushEvent.Kind.fromHeader(eventHeader.trim());
        if (kind == null) {
            return Decision.of(Verdict.IGNORED, "ignored: " + TextFields.excerpt(eventHeader.trim()), null);
        }
        String contentType = request.header("Content-Type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new WebhookRejected(
                    415, "rejected: the body must be application/json, not " + TextFields.excerpt(contentType));
        }
        PushEvent event = PushEventParser.parse(kind, request.bodyBytes());

        String deliveryId = firstNonBlank(
                request.header(WebhookRequest.IDEMPOTENCY_HEADER), request.header(WebhookRequest.UUID_HEADER));
        if (deliveryId != null && memory.seenBefore(jobKey + "\n" + deliveryId)) {
            return Decision.of(
                    Verdict.DUPLICATE,
                    "already received: delivery " + TextFields.excerpt(deliveryId) + " was handled before",
                    event);
        }

        String skip = skipReason(event, settings);
        if (skip != null) {
            return Decision.of(Verdict.SKIP, "skipped: " + skip, event);
        }
        return new Decision(Verdict.BUILD, 200, "build: " + describe(event) + tokenNote, parameters(event), event);
    }

    /** Null when the token passes; the note for the log when none is configured and none is required. */
    static String checkToken(WebhookRequest request, Secret secretToken, boolean requireToken) {
        String presented = request.header(WebhookRequest.TOKEN_HEADER);
        if (secretToken == null || secretToken.isEmpty()) {
            if (requireToken) {
                throw new WebhookRejected(
                        401, NOT_ACCEPTED + " (this job requires a secret token, but none is configured)");
            }
            return " (no secret token configured: anyone who can reach this URL can trigger the job)";
        }
        // Secret.matches compares SHA-256 digests with MessageDigest.isEqual: constant time, and the
        // lengths are equal whatever was presented
        if (!secretToken.matches(presented)) {
            throw new WebhookRejected(401, NOT_ACCEPTED);
        }
        return "";
    }

    static WebhookRejected notPost(String method) {
        return new WebhookRejected(
                405, "rejected: GitLab webhooks are POST requests, not " + TextFields.excerpt(method));
    }

    private static String skipReason(PushEvent event, TriggerSettings settings) {
        boolean isTag = event.kind() == PushEvent.Kind.TAG_PUSH;
        String refName = isTag ? event.tag() : event.branch();
        String what = (isTag ? "tag " : "branch ") + (refName == null ? event.ref() : refName);
        if (isTag && !settings.buildOnTagPush()) {
            return "tag pushes do not build this job (" + what + ")";
        }
        if (!isTag && !settings.buildOnPush()) {
            return "branch pushes do not build this job (" + what + ")";
        }
        if (settings.project() != null && !settings.project().isBlank()) {
            ProjectLocation wanted = ProjectLocation.parse(settings.project());
            if (!acceptsProject(wanted, event)) {
                return "project " + event.projectPath() + " is not " + settings.project();
            }
        }
        if (refName == null) {
            return "ref " + event.ref() + " is neither a branch nor a tag";
        }
        if (event.isDeletion()) {
            return what + " was deleted";
        }
        String filtered = (isTag ? settings.tags() : settings.branches()).rejects(refName);
        if (filtered != null) {
            return what + " " + filtered;
        }
        PushEvent.Commit head = event.headCommit();
        if (head != null && head.message() != null) {
            String message = head.message().toLowerCase(Locale.ROOT);
            for (String marker : settings.skipMarkers()) {
                if (!marker.isBlank() && message.contains(marker.toLowerCase(Locale.ROOT))) {
                    return "the head commit " + shortSha(head.id()) + " says '" + marker + "'";
                }
            }
        }
        return null;
    }

    private static boolean acceptsProject(ProjectLocation wanted, PushEvent event) {
        for (String candidate : List.of(event.projectPath(), event.webUrl(), event.httpUrl(), event.sshUrl())) {
            if (candidate != null && !candidate.isBlank() && wanted.accepts(ProjectLocation.parse(candidate))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(PushEvent event) {
        boolean isTag = event.kind() == PushEvent.Kind.TAG_PUSH;
        String user = event.userUsername().isEmpty() ? event.userName() : event.userUsername();
        return (isTag
                        ? "tag " + event.tag()
                        : "push of " + event.totalCommitsCount() + " commit"
                                + (event.totalCommitsCount() == 1 ? "" : "s") + " to branch " + event.branch())
                + " of " + TextFields.excerpt(event.projectPath())
                + (user.isEmpty() ? "" : " by " + TextFields.excerpt(user))
                + " (" + shortSha(event.after())
                + ")";
    }

    /** The parameters a build receives; documented in docs/gitlab-trigger.md. */
    static Map<String, String> parameters(PushEvent event) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("GITLAB_PROJECT", event.projectPath());
        p.put("GITLAB_REF", event.ref());
        if (event.branch() != null) {
            p.put("GITLAB_BRANCH", event.branch());
        } else {
            p.put("GITLAB_TAG", event.tag());
        }
        p.put("GITLAB_BEFORE", event.before());
        p.put("GITLAB_AFTER", event.after());
        p.put("GITLAB_USER", event.userUsername().isEmpty() ? event.userName() : event.userUsername());
        p.put("GITLAB_REPO_URL", event.httpUrl().isEmpty() ? event.sshUrl() : event.httpUrl());
        p.put("GITLAB_COMPARE_URL", event.compareUrl());
        return p;
    }

    private static String shortSha(String sha) {
        return TextFields.excerpt(sha.length() > 8 ? sha.substring(0, 8) : sha);
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b == null || b.isBlank() ? null : b.trim();
    }
}
