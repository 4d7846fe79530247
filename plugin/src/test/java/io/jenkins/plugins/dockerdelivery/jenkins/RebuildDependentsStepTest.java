package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RebuildDependentsStepTest {
    private static WorkflowJob job(JenkinsRule r, String name, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    @Test
    void aDiamondBuildsEachDependentOnceInOrder(JenkinsRule r) throws Exception {
        ImageGraphStore store = ImageGraphStore.get();
        store.record("left", List.of("reg/left:1"), List.of("reg/base:1"));
        store.record("right", List.of("reg/right:1"), List.of("reg/base:1"));
        store.record("join", List.of("reg/join:1"), List.of("reg/left:1", "reg/right:1"));
        WorkflowJob left = job(r, "left", "echo 'left'; rebuildDependents images: 'reg/left:1'");
        WorkflowJob right = job(r, "right", "echo 'right'");
        WorkflowJob join = job(r, "join", "echo 'join'");
        WorkflowJob base = job(r, "base", "def r = rebuildDependents images: 'reg/base:1'; echo \"built=${r.built}\"");

        WorkflowRun run = r.assertBuildStatus(Result.SUCCESS, base.scheduleBuild2(0));

        r.assertLogContains("wave 1: left, right", run);
        r.assertLogContains("wave 2: join", run);
        r.assertLogContains("built=[left, right, join]", run);
        assertThat(left.getBuilds()).hasSize(1);
        assertThat(right.getBuilds()).hasSize(1);
        assertThat(join.getBuilds()).hasSize(1);
        // the join started after both of its parents finished
        long joinStart = join.getLastBuild().getStartTimeInMillis();
        assertThat(joinStart)
                .isGreaterThanOrEqualTo(left.getLastBuild().getStartTimeInMillis()
                        + left.getLastBuild().getDuration());
        // a build started by a rebuild does not start one of its own
        r.assertLogContains("Not rebuilding dependents here", left.getLastBuild());
    }

    @Test
    void aFailedRebuildSkipsItsDescendantsButNotOtherBranches(JenkinsRule r) throws Exception {
        ImageGraphStore store = ImageGraphStore.get();
        store.record("broken", List.of("reg/broken:1"), List.of("reg/base:2"));
        store.record("child", List.of("reg/child:1"), List.of("reg/broken:1"));
        store.record("fine", List.of("reg/fine:1"), List.of("reg/base:2"));
        job(r, "broken", "error 'boom'");
        WorkflowJob child = job(r, "child", "echo 'child'");
        WorkflowJob fine = job(r, "fine", "echo 'fine'");
        WorkflowJob base = job(
                r,
                "base2",
                "def r = rebuildDependents images: 'reg/base:2'; echo \"failed=${r.failed} skipped=${r.skipped}\"");

        WorkflowRun run = r.assertBuildStatus(Result.SUCCESS, base.scheduleBuild2(0));

        r.assertLogContains("failed=[broken] skipped=[child]", run);
        assertThat(child.getBuilds()).isEmpty();
        assertThat(fine.getBuilds()).hasSize(1);

        base.setDefinition(new CpsFlowDefinition("rebuildDependents images: 'reg/base:2', propagate: true", true));
        r.assertBuildStatus(Result.FAILURE, base.scheduleBuild2(0));
    }

    @Test
    void eachDownstreamBuildIsHandedTheDigestsOfItsBases(JenkinsRule r) throws Exception {
        String digest = "sha256:" + "7".repeat(64);
        ImageGraphStore.get().record("app", List.of("reg/app:1"), List.of("reg/base:3"));
        WorkflowJob app = job(r, "app", "echo 'app'");
        WorkflowJob base = job(r, "base3", "rebuildDependents images: 'reg/base:3@" + digest + "'");

        WorkflowRun run = r.assertBuildStatus(Result.SUCCESS, base.scheduleBuild2(0));

        RebuildTriggerAction trigger = app.getLastBuild().getAction(RebuildTriggerAction.class);
        assertThat(trigger).isNotNull();
        assertThat(trigger.basePins())
                .singleElement()
                .satisfies(pin -> assertThat(pin.image().toString()).isEqualTo("docker.io/reg/base:3@" + digest));
        // the build page's summary
        RebuildAction action = run.getAction(RebuildAction.class);
        assertThat(action.getRows()).singleElement().satisfies(row -> {
            assertThat(row.producer()).isEqualTo("app");
            assertThat(row.outcome()).isEqualTo(io.jenkins.plugins.dockerdelivery.rebuild.Outcome.BUILT);
        });
        r.assertLogContains("PRODUCER", run);
        // a build started by hand has no pins
        WorkflowRun byHand = r.assertBuildStatus(Result.SUCCESS, app.scheduleBuild2(0));
        assertThat(byHand.getAction(RebuildTriggerAction.class)).isNull();
    }

    @Test
    void aCancelledQueuedBuildIsAMessageNotAStackTrace(JenkinsRule r) throws Exception {
        ImageGraphStore.get().record("queued", List.of("reg/queued:1"), List.of("reg/base:4"));
        hudson.model.FreeStyleProject queued = r.createFreeStyleProject("queued");
        queued.setAssignedLabel(hudson.model.Label.get("no-such-agent"));
        WorkflowJob base =
                job(r, "base4", "def r = rebuildDependents images: 'reg/base:4'; echo \"failed=${r.failed}\"");

        org.jenkinsci.plugins.workflow.job.WorkflowRun run =
                base.scheduleBuild2(0).waitForStart();
        hudson.model.Queue.Item item = waitForQueued(r, queued);
        r.jenkins.getQueue().cancel(item);
        r.assertBuildStatus(Result.SUCCESS, r.waitForCompletion(run));

        r.assertLogContains("its queued build of queued was cancelled", run);
        r.assertLogContains("failed=[queued]", run);
        r.assertLogNotContains("\tat ", run);
    }

    @Test
    void stoppingTheStepCancelsWhatItQueued(JenkinsRule r) throws Exception {
        ImageGraphStore.get().record("waiting", List.of("reg/waiting:1"), List.of("reg/base:5"));
        hudson.model.FreeStyleProject waiting = r.createFreeStyleProject("waiting");
        waiting.setAssignedLabel(hudson.model.Label.get("no-such-agent"));
        WorkflowJob base = job(r, "base5", "rebuildDependents images: 'reg/base:5'");

        WorkflowRun run = base.scheduleBuild2(0).waitForStart();
        waitForQueued(r, waiting);
        run.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));

        assertThat(r.jenkins.getQueue().getItems(waiting)).isEmpty();
        assertThat(waiting.getBuilds()).isEmpty();
    }

    static hudson.model.Queue.Item waitForQueued(JenkinsRule r, hudson.model.Queue.Task task)
            throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            List<hudson.model.Queue.Item> items = r.jenkins.getQueue().getItems(task);
            if (!items.isEmpty()) {
                return items.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(task + " was never queued");
    }

    @Test
    void withoutImagesNorAPushItSaysWhatToDo(JenkinsRule r) throws Exception {
        WorkflowJob job = job(r, "nothing", "rebuildDependents()");
        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("No images to rebuild the dependents of", run);
    }
}
