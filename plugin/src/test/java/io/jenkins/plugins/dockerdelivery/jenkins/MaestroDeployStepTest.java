package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
    private static void addPasswordCredentials(JenkinsRule r, String user, String password) throws Exception {
        CredentialsProvider.lookupStores(r.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "ssh", "", user, password));
    }

    private static WorkflowRun failingDeploy(JenkinsRule r, String name, String arguments) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition("maestroDeploy " + arguments, true));
        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.waitUntilNoActivity(); // the flyweight executor ends just after the build's future
        return run;
    }

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
        addPasswordCredentials(r, "deploy", "s3cret-pw");
        WorkflowRun run =
                failingDeploy(r, "deploy", "host: 'maestro.example.com', credentialsId: 'ssh', directory: '/srv/shop'");
        // one apostrophe: the message is formatted even without arguments ('' in the properties file)
        r.assertLogContains("Give the Maestro host's key (known_hosts lines) or its SHA256 fingerprint", run);
        r.assertLogNotContains("host''s", run);
        r.assertLogNotContains("s3cret-pw", run);
        r.assertLogNotContains("\tat ", run);
    }

    @Test
    void anUnreachableHostIsAMessage(JenkinsRule r) throws Exception {
        addPasswordCredentials(r, "deploy", "s3cret-pw");
        // a pinned key, so that the step gets as far as connecting
        WorkflowRun run = failingDeploy(
                r,
                "deploy-unreachable",
                "host: '127.0.0.1', port: 1, credentialsId: 'ssh', directory: '/srv/shop', hostKeyFingerprint: 'SHA256:"
                        + "A".repeat(43) + "'");
        r.assertLogContains("Cannot connect to 127.0.0.1:1", run);
        r.assertLogNotContains("\tat ", run);
    }

    @Test
    void anUnknownHostKeyIsRefusedShowingTheFingerprint(JenkinsRule r) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String host = env.get("ssh.host");
        String port = env.get("ssh.port");
        addPasswordCredentials(r, env.get("ssh.user"), env.get("ssh.password"));
        // known_hosts that knows another host only: the test server's key is unknown to it
        String otherHostsKey = Files.readString(Path.of(env.get("ssh.keysDir"), "id_ed25519.pub"))
                .trim()
                .replaceAll("^(\\S+\\s+\\S+).*", "$1");
        WorkflowRun run = failingDeploy(
                r,
                "deploy-unknown-key",
                "host: '" + host + "', port: " + port + ", credentialsId: 'ssh', directory: '/srv/shop', knownHosts: '"
                        + "other.example.com " + otherHostsKey + "'");
        r.assertLogContains("The host key of " + host + ":" + port + " is unknown", run);
        String log = JenkinsRule.getLog(run);
        assertThat(hostKeyFingerprints(Path.of(env.get("ssh.hostKeyDir"))))
                .as("the refusal shows the key the server presented, to check and pin")
                .anyMatch(log::contains);
        r.assertLogNotContains(env.get("ssh.password"), run);
        r.assertLogNotContains("\tat ", run);
    }

    /** SHA256 fingerprints, as ssh-keygen -lf prints them, of the test server's host keys. */
    private static List<String> hostKeyFingerprints(Path dir) throws Exception {
        List<String> fingerprints = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path pub : files.filter(f -> f.getFileName().toString().matches("ssh_host_.*_key\\.pub"))
                    .toList()) {
                String blob =
                        Files.readString(pub, StandardCharsets.US_ASCII).trim().split("\\s+")[1];
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(Base64.getDecoder().decode(blob));
                fingerprints.add(
                        "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest));
            }
        }
        assertThat(fingerprints).isNotEmpty();
        return fingerprints;
    }
}
