package io.jenkins.plugins.dockerdelivery.jenkins;

import static io.jenkins.plugins.dockerdelivery.jenkins.StepConfigRoundTrip.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import hudson.model.FreeStyleProject;
import hudson.util.Secret;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every step and the trigger shown in their real forms and saved again, with every setting away from
 * its default: a form that does not render (a Jelly error), a field that does not bind, or a getter
 * that does not match its setter fails here. The snippets are what the Snippet Generator prints.
 */
@WithJenkins
class ConfigRoundTripTest {
    @Test
    void dockerBuildPush(JenkinsRule r) throws Exception {
        DockerBuildPushStep step =
                new DockerBuildPushStep("registry.example.com/team/app:1 registry.example.com/team/app:latest");
        step.setCredentialsId("registry");
        step.setContext("app");
        step.setDockerfile("app/Dockerfile.prod");
        step.setBuildArgs("A=1\nB=2");
        step.setLabels("team=shop");
        step.setTarget("runtime");
        step.setPlatform("linux/amd64");
        step.setPull(true);
        step.setNoCache(true);
        step.setNetwork("host");
        step.setBuilder("classic");
        step.setRegistry("registry.example.com");
        step.setPush(false);
        step.setSecrets(
                List.of(new BuildSecretEntry("npmrc", "npmrc-file"), new BuildSecretEntry("token", "api-token")));
        step.setSsh(List.of("default", "deploy=/run/deploy.sock")); // the form shows both in one text box
        step.setPullCredentials(List.of(new PullCredentialsEntry("base.example.com:5000", "base-registry")));

        DockerBuildPushStep after = roundTrip(r, step);
        assertThat(after.getSecrets())
                .extracting(BuildSecretEntry::getId, BuildSecretEntry::getCredentialsId)
                .containsExactly(tuple("npmrc", "npmrc-file"), tuple("token", "api-token"));
        assertThat(after.getSsh()).containsExactly("default", "deploy=/run/deploy.sock");
        assertThat(after.getPullCredentials())
                .extracting(PullCredentialsEntry::getRegistry, PullCredentialsEntry::getCredentialsId)
                .containsExactly(tuple("base.example.com:5000", "base-registry"));
        assertThat(Snippetizer.object2Groovy(step))
                .startsWith("dockerBuildPush ")
                .contains("credentialsId: 'registry'")
                .contains("push: false")
                .contains(
                        "secrets: [[credentialsId: 'npmrc-file', id: 'npmrc'], [credentialsId: 'api-token', id: 'token']]")
                .contains("ssh: ['default', 'deploy=/run/deploy.sock']")
                .contains("pullCredentials: [[credentialsId: 'base-registry', registry: 'base.example.com:5000']]");
        // defaults stay out of the snippet
        assertThat(Snippetizer.object2Groovy(new DockerBuildPushStep("registry.example.com/team/app:1")))
                .isEqualTo("dockerBuildPush 'registry.example.com/team/app:1'");
    }

    @Test
    void maestroDeploy(JenkinsRule r) throws Exception {
        MaestroDeployStep step = new MaestroDeployStep("maestro.example.com", "maestro-ssh", "/srv/maestro/shop");
        step.setPort(2222);
        step.setFile("prod.yaml");
        step.setServices("web worker");
        step.setInstances("web-1");
        step.setEnvironment("IMAGE_TAG=4");
        step.setHostKeyFingerprint("SHA256:" + "A".repeat(43));
        step.setKnownHosts(
                "maestro.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBLAKdo0tWm9cl5JuKYj6Y6o6GqrbWdJbbJ5uE0dWlQz");
        step.setInsecureSkipHostKeyVerification(true);
        step.setConcurrency(2);
        step.setStepDelay(5);
        step.setStopStartDelay(3);
        step.setOnlyIfChanged(false);
        step.setPull(false);
        step.setRefreshImages(true);
        step.setMaestro("/opt/maestro/bin/maestro");
        step.setTimeoutMinutes(10);
        step.setValidate(true);

        roundTrip(r, step);
        assertThat(Snippetizer.object2Groovy(new MaestroDeployStep("maestro.example.com", "maestro-ssh", "/srv/shop")))
                .isEqualTo(
                        "maestroDeploy credentialsId: 'maestro-ssh', directory: '/srv/shop', host: 'maestro.example.com'");
    }

    @Test
    void rebuildDependents(JenkinsRule r) throws Exception {
        RebuildDependentsStep step = new RebuildDependentsStep();
        step.setImages("registry.example.com/team/base:7");
        step.setMatch("REPOSITORY");
        step.setPropagate(true);

        roundTrip(r, step);
        assertThat(Snippetizer.object2Groovy(new RebuildDependentsStep())).isEqualTo("rebuildDependents()");
    }

    @Test
    void gitlabPushTrigger(JenkinsRule r) throws Exception {
        FreeStyleProject job = r.createFreeStyleProject("shop");
        GitLabPushTrigger before = new GitLabPushTrigger();
        before.setSecretToken(Secret.fromString("the-token"));
        before.setRequireToken(false);
        before.setProject("team/shop");
        before.setBuildOnPush(false);
        before.setBuildOnTagPush(true);
        before.setBranchesInclude("main release/*");
        before.setBranchesExclude("release/old-*");
        before.setBranchesRegex("^main$");
        before.setTagsInclude("v*");
        before.setTagsExclude("v0.*");
        before.setSkipMarkers("[no build]");
        job.addTrigger(before);

        r.configRoundtrip(job);

        GitLabPushTrigger after = job.getTrigger(GitLabPushTrigger.class);
        assertThat(after).isNotNull().isNotSameAs(before);
        r.assertEqualDataBoundBeans(before, after);
        assertThat(after.getSecretToken().getPlainText()).isEqualTo("the-token");
    }
}
