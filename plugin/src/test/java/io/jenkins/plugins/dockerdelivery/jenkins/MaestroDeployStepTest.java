package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
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
class MaestroDeployStepTest {
    @Test
    void optionsRoundTrip(JenkinsRule r) {
        DescribableModel<MaestroDeployStep> model = DescribableModel.of(MaestroDeployStep.class);
        MaestroDeployStep step = model.instantiate(Map.of(
                "host",
                "maestro.example.com",
                "credentialsId",
                "ssh",
                "directory",
                "/srv/shop",
                "hostKeyFingerprint",
                "SHA256:" + "A".repeat(43),
                "concurrency",
                2,
                "settle",
                10,
                "environment",
                "IMAGE_TAG=4"));
        assertThat(step.getConcurrency()).isEqualTo(2);
        assertThat(step.getSettle()).isEqualTo(10);
        assertThat(model.uninstantiate2(step).toMap())
                .containsEntry("environment", "IMAGE_TAG=4")
                .containsEntry("settle", 10)
                .doesNotContainKey("port");
    }

    @Test
    void aHostKeyIsRequiredAndTheFailureIsAMessage(JenkinsRule r) throws Exception {
        CredentialsProvider.lookupStores(r.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "ssh", "", "deploy", "s3cret-pw"));
        WorkflowJob job = r.createProject(WorkflowJob.class, "deploy");
        job.setDefinition(new CpsFlowDefinition(
                "maestroDeploy host: 'maestro.example.com', credentialsId: 'ssh', directory: '/srv/shop'", true));
        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("Give the Maestro host's key", run);
        r.assertLogNotContains("s3cret-pw", run);
        r.assertLogNotContains("\tat ", run);
    }

    @Test
    void anUnknownHostKeyIsRefusedShowingTheFingerprint(JenkinsRule r) throws Exception {
        CredentialsProvider.lookupStores(r.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "ssh", "", "deploy", "s3cret-pw"));
        WorkflowJob job = r.createProject(WorkflowJob.class, "deploy-unreachable");
        job.setDefinition(new CpsFlowDefinition(
                "maestroDeploy host: '127.0.0.1', port: 1, credentialsId: 'ssh', directory: '/srv/shop', knownHosts: ''",
                true));
        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("Cannot connect to 127.0.0.1:1", run);
        r.assertLogNotContains("\tat ", run);
    }
}
