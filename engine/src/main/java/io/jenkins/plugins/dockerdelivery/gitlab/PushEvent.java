package io.jenkins.plugins.dockerdelivery.gitlab;

import java.util.List;

/**
 * What a GitLab "Push Hook" or "Tag Push Hook" says, as far as a build needs it.
 *
 * @param ref the full ref, {@code refs/heads/main} or {@code refs/tags/v1.0}
 * @param before the commit the ref pointed to before (all zeros for a new ref)
 * @param after the commit it points to now (all zeros for a deletion)
 */
public record PushEvent(
        Kind kind,
        long projectId,
        String projectPath,
        String webUrl,
        String httpUrl,
        String sshUrl,
        String ref,
        String before,
        String after,
        String checkoutSha,
        String userName,
        String userUsername,
        String userEmail,
        List<Commit> commits,
        int totalCommitsCount) {

    public static final String NULL_SHA = "0000000000000000000000000000000000000000";
    private static final String HEADS = "refs/heads/";
    private static final String TAGS = "refs/tags/";

    public PushEvent {
        commits = List.copyOf(commits);
    }

    public enum Kind {
        PUSH("push", "Push Hook"),
        TAG_PUSH("tag_push", "Tag Push Hook");

        private final String objectKind;
        private final String header;

        Kind(String objectKind, String header) {
            this.objectKind = objectKind;
            this.header = header;
        }

        public String objectKind() {
            return objectKind;
        }

        /** The {@code X-Gitlab-Event} value GitLab sends for it. */
        public String header() {
            return header;
        }

        static Kind fromHeader(String header) {
            for (Kind kind : values()) {
                if (kind.header.equals(header)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** A commit of the push. */
    public record Commit(
            String id, String message, String timestamp, String url, String authorName, String authorEmail) {}

    /** The branch name, or null for a tag. */
    public String branch() {
        return ref.startsWith(HEADS) ? ref.substring(HEADS.length()) : null;
    }

    /** The tag name, or null for a branch. */
    public String tag() {
        return ref.startsWith(TAGS) ? ref.substring(TAGS.length()) : null;
    }

    /** A branch or tag deletion: {@code after} is all zeros. Deletions never build. */
    public boolean isDeletion() {
        return isNullSha(after);
    }

    private static boolean isNullSha(String sha) {
        return sha == null || sha.chars().allMatch(c -> c == '0');
    }

    /** The head commit: the one {@code after} names, else the last listed. */
    public Commit headCommit() {
        for (Commit commit : commits) {
            if (commit.id().equals(after)) {
                return commit;
            }
        }
        return commits.isEmpty() ? null : commits.get(commits.size() - 1);
    }

    /** Where a person sees what the push changed. */
    public String compareUrl() {
        if (webUrl == null || webUrl.isEmpty()) {
            return "";
        }
        if (isNullSha(before)) {
            return webUrl + "/-/commit/" + after;
        }
        return webUrl + "/-/compare/" + before + "..." + after;
    }
}
