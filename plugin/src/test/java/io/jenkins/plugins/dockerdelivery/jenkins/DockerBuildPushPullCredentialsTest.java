package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Item;
import hudson.model.Label;
import hudson.model.Result;
import hudson.util.FormValidation;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushRequest;
import io.jenkins.plugins.dockerdelivery.docker.Builder;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerConnector;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.DockerSession;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code dockerBuildPush}'s {@code pullCredentials:} in real pipelines against the real daemon and both
 * registries of the test environment, on an agent of its own: a base that only the authenticated
 * registry holds (removed from the daemon first) builds into an image pushed to the open registry, with
 * credentials for the base's registry alone; without them, or with a wrong password, the step fails naming that registry.
 */
@WithJenkins
class DockerBuildPushPullCredentialsTest {
    @Test
    void aBaseInAnotherRegistryIsPulledWithItsOwnCredentials(JenkinsRule r, @TempDir Path baseDir) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String authRegistry = env.get("registry.auth.address");
        String password = env.get("registry.auth.password");
        String base = baseOnlyInTheAuthRegistry(env, baseDir);
        addCredentials(r, "base-registry", env.get("registry.auth.user"), password);
        addCredentials(r, "wrong-password", env.get("registry.auth.user"), "wrong-" + UUID.randomUUID());
        // a separate JVM: the credentials cross the channel inside the build's callable
        r.createOnlineSlave(Label.get("docker"));
        String tag = env.get("registry.noauth.address") + "/dd-plugin-test/child-"
                + UUID.randomUUID().toString().substring(0, 8) + ":1";
        try {
            WorkflowRun built = r.assertBuildStatusSuccess(
                    pipeline(r, "with-credentials", base, tag, "base-registry").scheduleBuild2(0));
            r.assertLogContains(
                    "Credentials for pulling bases: " + authRegistry + " from credentials 'base-registry'", built);
            r.assertLogContains("Pushed " + tag + "@sha256:", built);
            r.assertLogNotContains(password, built);

            removeImages(env, base);
            WorkflowRun refused = r.assertBuildStatus(
                    Result.FAILURE,
                    pipeline(r, "wrong-password", base, tag, "wrong-password").scheduleBuild2(0));
            r.assertLogContains("Authentication failed for registry " + authRegistry, refused);
            r.assertLogNotContains("\tat ", refused);

            removeImages(env, base);
            WorkflowRun without = r.assertBuildStatus(
                    Result.FAILURE, pipeline(r, "without", base, tag, null).scheduleBuild2(0));
            r.assertLogContains("The registry " + authRegistry + " wants credentials", without);
            r.assertLogContains("pullCredentials: [[registry: '" + authRegistry + "', credentialsId: '...']]", without);
            r.assertLogNotContains("\tat ", without);
        } finally {
            removeImages(env, base, tag);
        }
        r.waitUntilNoActivity();
    }

    @Test
    void theEntrysFormChecksTheRegistryAndOffersUsernamePasswordCredentials(JenkinsRule r) throws Exception {
        addCredentials(r, "base-registry", "puller", "pw");
        PullCredentialsEntry.DescriptorImpl descriptor =
                r.jenkins.getDescriptorByType(PullCredentialsEntry.DescriptorImpl.class);
        WorkflowJob job = r.createProject(WorkflowJob.class, "form");

        assertThat(descriptor.doCheckRegistry("base.example.com:5000").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckRegistry("").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckRegistry("base.example.com/team app").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doFillCredentialsIdItems(job, "").stream().map(o -> o.value))
                .contains("base-registry");
        assertThat(descriptor.doCheckCredentialsId(job, "base-registry").kind).isEqualTo(FormValidation.Kind.OK);
        for (String method : List.of("doFillCredentialsIdItems", "doCheckCredentialsId")) {
            assertThat(PullCredentialsEntry.DescriptorImpl.class
                            .getMethod(method, Item.class, String.class)
                            .isAnnotationPresent(POST.class))
                    .as(method + " is @POST")
                    .isTrue();
        }
        assertThat(PullCredentialsEntry.DescriptorImpl.class
                        .getMethod("doCheckRegistry", String.class)
                        .isAnnotationPresent(POST.class))
                .isTrue();
    }

    private static WorkflowJob pipeline(JenkinsRule r, String name, String base, String tag, String credentialsId)
            throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        String registry = base.substring(0, base.indexOf('/'));
        job.setDefinition(new CpsFlowDefinition(
                "node('docker') {\n"
                        + "  writeFile file: 'Dockerfile', text: 'FROM " + base + "\\n'\n"
                        + "  dockerBuildPush tags: '" + tag + "', builder: 'buildkit'"
                        + (credentialsId == null
                                ? ""
                                : ", pullCredentials: [[registry: '" + registry + "', credentialsId: '" + credentialsId
                                        + "']]")
                        + "\n"
                        + "}",
                true));
        return job;
    }

    /** A base image pushed to the authenticated registry, then removed from the daemon: only the registry has it. */
    private static String baseOnlyInTheAuthRegistry(TestEnvironment env, Path dir) throws IOException {
        String base = env.get("registry.auth.address") + "/dd-plugin-test/base-"
                + UUID.randomUUID().toString().substring(0, 8) + ":1";
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + env.get("docker.baseImage") + "\nCOPY m /m\n");
        Files.writeString(dir.resolve("m"), "base " + UUID.randomUUID());
        new DockerBuildPush(DockerEndpoint.of(env.get("docker.host")))
                .run(
                        BuildPushRequest.builder(dir)
                                .withTag(base)
                                .withBuilder(Builder.BUILDKIT)
                                .withCredentials(new RegistryCredentials(
                                        env.get("registry.auth.address"),
                                        env.get("registry.auth.user"),
                                        Secret.of(env.get("registry.auth.password"))))
                                .build(),
                        ProgressListener.NONE);
        removeImages(env, base);
        return base;
    }

    private static void addCredentials(JenkinsRule r, String id, String user, String password) throws Exception {
        CredentialsProvider.lookupStores(r.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, id, "", user, password));
    }

    private static void removeImages(TestEnvironment env, String... tags) {
        try (DockerSession docker = DockerConnector.connect(DockerEndpoint.of(env.get("docker.host")))) {
            for (String tag : tags) {
                try {
                    docker.client().removeImageCmd(tag).withForce(true).exec();
                } catch (RuntimeException e) {
                    // not there: nothing to remove
                }
            }
        }
    }
}
