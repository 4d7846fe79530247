package io.jenkins.plugins.dockerdelivery.gitlab;

/** The job a webhook URL names: the path below the endpoint, in either of the forms Jenkins users write. */
public final class HookPath {
    private HookPath() {}

    /** {@code /team/shop} and {@code /job/team/job/shop} both name {@code team/shop}; blank names nothing. */
    public static String jobName(String restOfPath) {
        String path = restOfPath == null ? "" : restOfPath.replaceAll("^/+|/+$", "");
        if (path.startsWith("job/")) {
            path = ("/" + path).replaceAll("/job/", "/").substring(1);
        }
        return path;
    }
}
