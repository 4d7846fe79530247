package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.model.Cause;

/** Why a build started: a GitLab push the job's trigger accepted. */
public class GitLabPushCause extends Cause {
    private final String project;
    private final String ref;
    private final String user;
    private final String after;

    public GitLabPushCause(String project, String ref, String user, String after) {
        this.project = project;
        this.ref = ref;
        this.user = user;
        this.after = after;
    }

    public String getProject() {
        return project;
    }

    public String getRef() {
        return ref;
    }

    public String getUser() {
        return user;
    }

    public String getAfter() {
        return after;
    }

    @Override
    public String getShortDescription() {
        return Texts.get("GitLabPushCause.Description", project, ref, user);
    }
}
