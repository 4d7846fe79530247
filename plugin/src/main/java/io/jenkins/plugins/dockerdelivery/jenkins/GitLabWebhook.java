package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.Extension;
import hudson.model.CauseAction;
import hudson.model.Job;
import hudson.model.ParameterDefinition;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.StringParameterValue;
import hudson.model.UnprotectedRootAction;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.gitlab.BoundedBody;
import io.jenkins.plugins.dockerdelivery.gitlab.Decision;
import io.jenkins.plugins.dockerdelivery.gitlab.DeliveryMemory;
import io.jenkins.plugins.dockerdelivery.gitlab.HookPath;
import io.jenkins.plugins.dockerdelivery.gitlab.PushEvent;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookDecider;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The endpoint GitLab posts to: {@code JENKINS_URL/docker-delivery-gitlab/FOLDER/JOB}. It hands the
 * request to the engine's {@link WebhookDecider} and acts on its decision. Unauthenticated by design
 * (GitLab has no Jenkins account): the job's secret token is the authentication, and until it is
 * verified every request gets the same answer as for a job that does not exist ({@link WebhookEndpoint}).
 */
@Extension
public class GitLabWebhook implements UnprotectedRootAction {
    public static final String URL_NAME = "docker-delivery-gitlab";
    private static final Logger LOGGER = Logger.getLogger(GitLabWebhook.class.getName());

    private final WebhookEndpoint endpoint =
            new WebhookEndpoint(new WebhookDecider(new DeliveryMemory()), BoundedBody.DEFAULT_LIMIT);

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** Every path below the URL: the rest of it names the job. */
    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        String jobName = HookPath.jobName(req.getRestOfPath());
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, req.getHeader(name));
        }
        WebhookEndpoint.Incoming incoming = new Incoming(req, headers);
        Decision decision;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            // as SYSTEM: GitLab has no Jenkins user; the token decides, and unknown jobs look like wrong tokens
            Job<?, ?> job = jobName.isEmpty() ? null : Jenkins.get().getItemByFullName(jobName, Job.class);
            GitLabPushTrigger trigger =
                    job == null ? null : ParameterizedJobMixIn.getTrigger(job, GitLabPushTrigger.class);
            decision = endpoint.answer(incoming, trigger == null ? null : trigger.target(job.getFullName()));
            if (decision.shouldBuild() && !schedule(job, decision)) {
                decision = decision.notScheduled(job.getFullName());
            }
        }
        log(jobName, decision);
        rsp.setStatus(decision.status());
        rsp.setContentType("text/plain;charset=UTF-8");
        try (PrintWriter writer = rsp.getWriter()) {
            writer.println(decision.reply());
        }
    }

    /**
     * Refusals of callers without the token are what anyone can send, as often as they like: FINE, so
     * that they cannot fill the log. Every text from the request is escaped to one bounded line, so
     * that none can forge a line of its own.
     */
    private static void log(String jobName, Decision decision) {
        Level level = !decision.authenticated()
                ? Level.FINE
                : decision.verdict() == Decision.Verdict.REJECTED ? Level.WARNING : Level.INFO;
        if (LOGGER.isLoggable(level)) {
            LOGGER.log(level, "GitLab hook for {0}: {1}", new Object[] {
                TextFields.excerpt(jobName, 200), TextFields.excerpt(decision.reason(), 500)
            });
        }
    }

    /** The servlet request as the engine's endpoint reads it: the body only once the token is verified. */
    private record Incoming(StaplerRequest2 req, Map<String, String> headers) implements WebhookEndpoint.Incoming {
        @Override
        public String method() {
            return req.getMethod();
        }

        @Override
        public long contentLength() {
            return req.getContentLengthLong();
        }

        @Override
        public InputStream body() throws IOException {
            return req.getInputStream();
        }
    }

    /** False when Jenkins would not schedule the job (it is disabled, or being deleted). */
    private static boolean schedule(Job<?, ?> job, Decision decision) {
        List<ParameterValue> values = new ArrayList<>();
        decision.parameters().forEach((k, v) -> values.add(new StringParameterValue(k, v)));
        // the job's own parameters keep their defaults: a ParametersAction replaces them all otherwise
        ParametersDefinitionProperty defined = job.getProperty(ParametersDefinitionProperty.class);
        if (defined != null) {
            for (ParameterDefinition definition : defined.getParameterDefinitions()) {
                if (!decision.parameters().containsKey(definition.getName())) {
                    ParameterValue value = definition.getDefaultParameterValue();
                    if (value != null) {
                        values.add(value);
                    }
                }
            }
        }
        PushEvent event = decision.event();
        String user = event.userUsername().isEmpty() ? event.userName() : event.userUsername();
        return ParameterizedJobMixIn.scheduleBuild2(
                        job,
                        -1,
                        new CauseAction(new GitLabPushCause(
                                event.projectPath(),
                                event.branch() != null ? event.branch() : event.tag(),
                                user,
                                event.after())),
                        new ParametersAction(values, decision.parameters().keySet()))
                != null;
    }
}
