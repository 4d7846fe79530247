package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class DockerBuildPushStepTest {
    @Test
    void theSnippetGeneratorModelRoundTripsEveryOption(JenkinsRule r) {
        DescribableModel<DockerBuildPushStep> model = DescribableModel.of(DockerBuildPushStep.class);
        DockerBuildPushStep step = model.instantiate(Map.of(
                "tags", "registry.example.com/team/app:1 registry.example.com/team/app:latest",
                "credentialsId", "registry",
                "context", "app",
                "buildArgs", "A=1\nB=2",
                "builder", "classic",
                "noCache", true,
                "push", false));
        assertThat(step.getTags()).isEqualTo("registry.example.com/team/app:1 registry.example.com/team/app:latest");
        assertThat(step.getContext()).isEqualTo("app");
        assertThat(step.isPush()).isFalse();
        Map<String, Object> arguments = model.uninstantiate2(step).toMap();
        assertThat(arguments)
                .containsEntry("credentialsId", "registry")
                .containsEntry("builder", "classic")
                .containsEntry("noCache", true);
        assertThat(arguments).doesNotContainKey("pull"); // defaults stay out of the snippet
    }

    @Test
    void missingCredentialsFailWithAMessageAndNoStackTrace(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "app");
        job.setDefinition(new CpsFlowDefinition(
                "node { writeFile file: 'Dockerfile', text: 'FROM busybox'\n"
                        + "dockerBuildPush tags: 'registry.example.com/team/app:1', credentialsId: 'nope' }",
                true));
        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("No 'Username with password' credentials with id 'nope' are available to app", run);
        r.assertLogNotContains("\tat ", run);
    }

    @Test
    void anInvalidTagIsAMessage(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "bad-tag");
        job.setDefinition(new CpsFlowDefinition(
                "node { writeFile file: 'Dockerfile', text: 'FROM busybox'\n"
                        + "dockerBuildPush tags: 'Team/App:1', push: false }",
                true));
        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("Invalid image reference 'Team/App:1'", run);
        r.assertLogNotContains("\tat ", run);
    }
}
