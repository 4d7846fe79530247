package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Label;
import hudson.model.Result;
import hudson.model.TaskListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.DockerConnector;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.DockerSession;
import io.jenkins.plugins.dockerdelivery.docker.session.BuildSession;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
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
    void whatCrossesToTheAgentPrintsNoSecretAndNoEnvironment(JenkinsRule r) {
        AgentBuild build = new AgentBuild(
                ".",
                null,
                List.of("registry.example.com/team/app:1"),
                "TOKEN_ARG=not-a-secret",
                null,
                null,
                null,
                false,
                false,
                null,
                "auto",
                "registry.example.com",
                "deploy",
                Secret.of("s3cret-registry-pw"),
                true,
                null,
                null,
                DockerEndpoint.variablesOf(Map.of("DOCKER_HOST", "unix:///var/run/docker.sock", "AWS_SECRET", "x")),
                Map.of(),
                "TAG",
                TaskListener.NULL,
                List.of(new AgentSecret("token", Secret.of("s3cret-build-token"), false)),
                Map.of(),
                List.of(new AgentLogin("base.example.com", "puller", Secret.of("s3cret-pull-pw"))));
        // remoting keeps this text in its request and logs it
        assertThat(build.toString()).isEqualTo("dockerBuildPush registry.example.com/team/app:1");
        assertThat(build.secrets().toString()).isEqualTo("[AgentSecret[token]]");
        assertThat(build.pullLogins().toString()).isEqualTo("[AgentLogin[puller@base.example.com]]");
        assertThat(build.password().toString()).isEqualTo(Secret.MASK);
        assertThat(build.dockerVariables()).containsOnlyKeys("DOCKER_HOST");
    }

    @Test
    void buildsAndPushesOnAnAgentWithNoSecretInTheChannelsText(JenkinsRule r) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String password = env.get("registry.auth.password");
        CredentialsProvider.lookupStores(r.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new UsernamePasswordCredentialsImpl(
                                CredentialsScope.GLOBAL, "registry", "", env.get("registry.auth.user"), password));
        // a separate JVM: the callable is serialised, its classes (and the engine's) loaded remotely
        r.createOnlineSlave(Label.get("docker"));
        String tag = env.get("registry.auth.address") + "/dd-plugin-test/agent-"
                + UUID.randomUUID().toString().substring(0, 8) + ":1";
        WorkflowJob job = r.createProject(WorkflowJob.class, "agent-build");
        job.setDefinition(new CpsFlowDefinition(
                "node('docker') {\n"
                        + "  writeFile file: 'hello.txt', text: 'hello'\n"
                        + "  writeFile file: 'Dockerfile', text: 'FROM scratch\\nCOPY hello.txt /hello.txt\\n'\n"
                        + "  withEnv(['NOT_FOR_THE_AGENT=an-unrelated-secret']) {\n"
                        + "    def image = dockerBuildPush tags: '" + tag + "', credentialsId: 'registry'\n"
                        + "    echo \"pinned=${image.pinned[0]}\"\n"
                        + "  }\n"
                        + "}",
                true));
        try (LogRecorder channel = new LogRecorder()
                .record("hudson.remoting", Level.FINE)
                .record(hudson.util.Secret.class, Level.WARNING)
                .capture(10_000)) {
            WorkflowRun run = r.assertBuildStatusSuccess(job.scheduleBuild2(0));
            r.assertLogContains("pinned=" + tag + "@sha256:", run);
            r.assertLogNotContains(password, run);
            List<String> messages = channel.getMessages();
            assertThat(messages)
                    .as("the callable crossed the channel under its own name")
                    .anyMatch(m -> m.contains("dockerBuildPush " + tag));
            assertThat(messages).noneMatch(m -> m.contains(password));
            assertThat(messages).noneMatch(m -> m.contains("an-unrelated-secret"));
            assertThat(messages).noneMatch(m -> m.contains("Use of toString() on hudson.util.Secret"));
        } finally {
            try (DockerSession docker = DockerConnector.connect(DockerEndpoint.of(env.get("docker.host")))) {
                docker.client().removeImageCmd(tag).withForce(true).exec();
            } catch (RuntimeException e) {
                // not built: nothing to remove
            }
        }
        assertThat(ImageGraphStore.get().graph().producer("agent-build")).isNotNull();
        r.waitUntilNoActivity();
    }

    @Test
    void twoImagesOfOneBuildAreBothRecorded(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "two-images");
        job.setDefinition(new CpsFlowDefinition("echo 'recorded by the test'", true));
        WorkflowRun run = r.assertBuildStatusSuccess(job.scheduleBuild2(0));
        PushedImagesAction.add(run, List.of("reg/app:1"), List.of("reg/base:7"));
        PushedImagesAction all = PushedImagesAction.add(run, List.of("reg/worker:1"), List.of("reg/python:3"));
        assertThat(run.getActions(PushedImagesAction.class)).hasSize(1);
        assertThat(all.getImages()).containsExactly("reg/app:1", "reg/worker:1");
        assertThat(all.getBases()).containsExactly("reg/base:7", "reg/python:3");
        // saved and loaded by XStream as plain lists
        run.save();
        run.reload();
        assertThat(run.getAction(PushedImagesAction.class).getImages()).containsExactly("reg/app:1", "reg/worker:1");
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
        r.waitUntilNoActivity();
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
        r.waitUntilNoActivity();
    }

    /**
     * Aborting the Jenkins build while a BuildKit {@code RUN} is in its minute-long sleep cancels the
     * daemon's build and closes the build's session: had the interrupt been lost, the session would stay
     * open for the rest of that minute.
     */
    @Test
    void abortingTheBuildCancelsTheDaemonsBuildAndClosesItsSession(JenkinsRule r) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String marker = "started-" + UUID.randomUUID().toString().substring(0, 8);
        String tag = "dd-plugin-test/abort-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        WorkflowJob job = r.createProject(WorkflowJob.class, "abort");
        job.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'Dockerfile', text: 'FROM " + env.get("docker.baseImage")
                        + "\\nRUN echo " + marker + " && sleep 60\\n'\n"
                        + "  dockerBuildPush tags: '" + tag + "', push: false, builder: 'buildkit', noCache: true\n"
                        + "}",
                true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        // the RUN's own output line (#N started-...), not the step's name, which holds the marker too
        java.util.regex.Pattern printed = java.util.regex.Pattern.compile("(?m)^#\\d+ " + marker + "$");
        for (int i = 0; i < 1200 && !printed.matcher(JenkinsRule.getLog(run)).find(); i++) {
            Thread.sleep(50);
        }
        assertThat(JenkinsRule.getLog(run)).containsPattern(printed);
        assertThat(BuildSession.openSessions()).isEqualTo(1);

        run.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
        for (int i = 0; i < 600 && BuildSession.openSessions() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(BuildSession.openSessions())
                .as("sessions left open after the abort")
                .isZero();
        r.assertLogNotContains("\tat ", run);
        try (DockerSession docker = DockerConnector.connect(DockerEndpoint.of(env.get("docker.host")))) {
            assertThat(docker.client().listImagesCmd().withReferenceFilter(tag).exec())
                    .isEmpty();
        }
    }
}
