package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import hudson.model.Label;
import hudson.model.Result;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart in the middle of a rebuild: the first wave's build waits in the queue (its
 * label has no agent yet) when Jenkins restarts; after the restart the step resumes from the state
 * saved on the build, the queued build runs once an agent comes, and the second wave follows. No
 * thread held the cascade, so nothing was lost and nothing ran twice.
 */
class RebuildDependentsRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void aRebuildResumesAfterARestartAndRunsTheRemainingWaves() throws Throwable {
        sessions.then(r -> {
            ImageGraphStore.get().record("child", List.of("reg/child:1"), List.of("reg/base:1"));
            ImageGraphStore.get().record("grandchild", List.of("reg/grandchild:1"), List.of("reg/child:1"));
            FreeStyleProject child = r.createFreeStyleProject("child");
            child.setAssignedLabel(Label.get("after-restart"));
            r.createFreeStyleProject("grandchild");
            WorkflowJob base = r.createProject(WorkflowJob.class, "base");
            base.setDefinition(new CpsFlowDefinition(
                    "def r = rebuildDependents images: 'reg/base:1'; echo \"built=${r.built}\"", true));
            WorkflowRun run = base.scheduleBuild2(0).waitForStart();
            RebuildDependentsStepTest.waitForQueued(r, child);
            r.waitForMessage("Wave 1 of 2: child", run);
        });
        sessions.then(r -> {
            WorkflowJob base = r.jenkins.getItemByFullName("base", WorkflowJob.class);
            WorkflowRun run = base.getBuildByNumber(1);
            FreeStyleProject child = r.jenkins.getItemByFullName("child", FreeStyleProject.class);
            assertThat(r.jenkins.getQueue().getItems(child))
                    .as("the queued build survived")
                    .hasSize(1);
            r.createOnlineSlave(Label.get("after-restart"));

            r.assertBuildStatus(Result.SUCCESS, r.waitForCompletion(run));

            r.assertLogContains("Wave 2 of 2: grandchild", run);
            r.assertLogContains("built=[child, grandchild]", run);
            assertThat(child.getBuilds()).hasSize(1);
            assertThat(r.jenkins
                            .getItemByFullName("grandchild", FreeStyleProject.class)
                            .getBuilds())
                    .hasSize(1);
        });
    }
}
