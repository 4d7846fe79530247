package io.jenkins.plugins.dockerdelivery.gitlab;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitLab project as written in a job's settings or a payload, normalised so that every spelling
 * compares equal: {@code Group/App}, {@code https://gitlab.example.com/group/app.git}, {@code
 * git@gitlab.example.com:group/app.git} and {@code ssh://git@gitlab.example.com:2222/group/app} all
 * name {@code group/app} (on host {@code gitlab.example.com}, when a host is given).
 *
 * @param host lower-case host without user or port, or null when only a path was given
 * @param path lower-case path without leading or trailing slashes and without {@code .git}
 */
public record ProjectLocation(String host, String path) {
    private static final Pattern URL =
            Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/]*@)?([^/:]+)(?::\\d+)?/(.*)$");
    private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^/:]+):(?!\\d+/)(.*)$");

    public static ProjectLocation parse(String text) {
        String s = text.trim();
        String host = null;
        String path = s;
        Matcher url = URL.matcher(s);
        Matcher scp = SCP.matcher(s);
        if (url.matches()) {
            host = url.group(1);
            path = url.group(2);
        } else if (scp.matches()) {
            host = scp.group(1);
            path = scp.group(2);
        }
        path = path.replaceAll("/+$", "").replaceAll("^/+", "");
        if (path.toLowerCase(Locale.ROOT).endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        return new ProjectLocation(host == null ? null : host.toLowerCase(Locale.ROOT), path.toLowerCase(Locale.ROOT));
    }

    /** Whether this (a job's setting) names the project at {@code other} (from a payload). */
    public boolean accepts(ProjectLocation other) {
        // a setting with a host accepts only payload URLs on that host; a bare path accepts any host
        return path.equals(other.path) && (host == null || host.equals(other.host));
    }

    @Override
    public String toString() {
        return host == null ? path : host + "/" + path;
    }
}
