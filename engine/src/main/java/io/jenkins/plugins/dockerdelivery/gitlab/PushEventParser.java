package io.jenkins.plugins.dockerdelivery.gitlab;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jenkins.plugins.dockerdelivery.TextFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads GitLab's push and tag push payloads (documented in GitLab's "Webhook events"). Unknown fields
 * are ignored, so newer GitLab versions keep working; a missing required field is a {@link
 * WebhookRejected} naming it.
 */
public final class PushEventParser {
    /** GitLab's payloads nest a few levels; a deeper one is not GitLab's. */
    static final int MAX_NESTING = 64;
    /** A commit message is the longest string GitLab sends. */
    static final int MAX_STRING = 1024 * 1024;
    /** The numbers in a payload are IDs and counts. */
    static final int MAX_NUMBER_DIGITS = 100;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        JSON.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(MAX_STRING)
                        .maxNumberLength(MAX_NUMBER_DIGITS)
                        .build());
    }

    private PushEventParser() {}

    public static PushEvent parse(PushEvent.Kind kind, byte[] body) {
        if (body.length == 0) {
            throw WebhookRejected.badRequest("the body is not valid JSON (it is empty)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            throw WebhookRejected.badRequest(limit(e) + "; GitLab sends no such payload");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw WebhookRejected.badRequest("the body is not valid JSON ("
                    + TextFields.excerpt(e.getOriginalMessage())
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ")");
        } catch (IOException e) {
            throw WebhookRejected.badRequest("the body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw WebhookRejected.badRequest("the body is not a JSON object");
        }
        String objectKind = optionalText(root, "object_kind");
        if (objectKind != null && !objectKind.equals(kind.objectKind())) {
            throw WebhookRejected.badRequest(
                    "the header says '" + kind.header() + "' but the body is a '" + objectKind + "' event");
        }
        JsonNode project = root.get("project");
        if (project == null || !project.isObject()) {
            throw WebhookRejected.badRequest("missing field 'project'");
        }
        String ref = requiredText(root, "ref");
        if (!ref.startsWith("refs/") || ref.chars().anyMatch(Character::isISOControl)) {
            // git refs hold no control characters: a newline here would forge a line of the log
            throw WebhookRejected.badRequest("field 'ref' is '" + TextFields.excerpt(ref)
                    + "', not a full ref (refs/heads/... or refs/tags/...)");
        }
        List<PushEvent.Commit> commits = new ArrayList<>();
        JsonNode list = root.get("commits");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw WebhookRejected.badRequest("field 'commits' is not a list");
            }
            for (JsonNode c : list) {
                if (!c.isObject()) {
                    throw WebhookRejected.badRequest("an entry of 'commits' is not an object");
                }
                JsonNode author = c.get("author");
                commits.add(new PushEvent.Commit(
                        requiredText(c, "id"),
                        text(c, "message"),
                        text(c, "timestamp"),
                        text(c, "url"),
                        author == null ? "" : text(author, "name"),
                        author == null ? "" : text(author, "email")));
            }
        }
        JsonNode total = root.get("total_commits_count");
        return new PushEvent(
                kind,
                project.path("id").asLong(root.path("project_id").asLong()),
                requiredText(project, "path_with_namespace", "project.path_with_namespace"),
                text(project, "web_url"),
                text(project, "git_http_url"),
                text(project, "git_ssh_url"),
                ref,
                requiredText(root, "before"),
                requiredText(root, "after"),
                optionalText(root, "checkout_sha"),
                text(root, "user_name"),
                text(root, "user_username"),
                text(root, "user_email"),
                commits,
                total != null && total.canConvertToInt() ? total.asInt() : commits.size());
    }

    /** Which of Jackson's read limits the body passed, in the user's words. */
    private static String limit(StreamConstraintsException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("nesting")) {
            return "the body is nested more than " + MAX_NESTING + " levels deep";
        }
        if (m.contains("string")) {
            return "a string in the body is longer than " + MAX_STRING + " characters";
        }
        if (m.contains("number")) {
            return "a number in the body has more than " + MAX_NUMBER_DIGITS + " digits";
        }
        return "the body passes a read limit (" + TextFields.excerpt(e.getOriginalMessage()) + ")";
    }

    private static String requiredText(JsonNode node, String field) {
        return requiredText(node, field, field);
    }

    private static String requiredText(JsonNode node, String field, String label) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw WebhookRejected.badRequest("missing field '" + label + "'");
        }
        if (!value.isTextual()) {
            throw WebhookRejected.badRequest("field '" + label + "' is not a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String text(JsonNode node, String field) {
        String value = optionalText(node, field);
        return value == null ? "" : value;
    }
}
