package io.jenkins.plugins.dockerdelivery.jenkins;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Item;
import hudson.model.Label;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.slaves.DumbSlave;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.DockerConnector;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.DockerSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code dockerBuildPush}'s {@code secrets:} and {@code ssh:} in real pipelines, built by the real
 * daemon of the test environment with BuildKit: the bytes of "Secret text" and "Secret file"
 * credentials reach their {@code RUN --mount=type=secret} (the Dockerfile compares their hashes, so a
 * wrong byte fails the build) and nothing else (log, image, files of the build); an {@code ssh-agent}
 * started here answers {@code ssh-add -l} inside a {@code RUN --mount=type=ssh}; the failures name what
 * is missing.
 */
@WithJenkins
class DockerBuildPushSecretsTest {
    @Test
    void aSecretTextAndASecretFileReachTheirMountsAndNeitherTheLogNorTheImage(JenkinsRule r) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String token = "tok-" + UUID.randomUUID();
        String marker = "npm-" + UUID.randomUUID();
        ByteArrayOutputStream npmrc = new ByteArrayOutputStream();
        npmrc.writeBytes(("//registry.npmjs.org/:_authToken=" + marker + "\nalways-auth=true\n").getBytes(UTF_8));
        npmrc.writeBytes(new byte[] {(byte) 0xff, 0, (byte) 0xfe}); // a file's bytes, not text: kept exactly
        byte[] npmrcBytes = npmrc.toByteArray();
        addCredentials(
                r,
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "api-token", "", hudson.util.Secret.fromString(token)));
        addCredentials(
                r,
                new FileCredentialsImpl(
                        CredentialsScope.GLOBAL, "npmrc-file", "", ".npmrc", SecretBytes.fromRawBytes(npmrcBytes)));
        String tag = uniqueTag("secrets");
        // the RUN fails unless both files hold exactly the credentials' bytes; $((6 * 7)) prints what the
        // command text does not hold, so the log shows that the RUN ran to its end
        String dockerfile = "FROM " + env.get("docker.baseImage") + "\n"
                + "RUN --mount=type=secret,id=token,required=true --mount=type=secret,id=npmrc,required=true \\\n"
                + "  set -- $(sha256sum /run/secrets/token) && test \"$1\" = " + sha256(token.getBytes(UTF_8))
                + " \\\n"
                + "  && set -- $(sha256sum /run/secrets/npmrc) && test \"$1\" = " + sha256(npmrcBytes) + " \\\n"
                + "  && echo \"token is $(cat /run/secrets/token)\" && echo \"checked-$((6 * 7))\"\n";
        WorkflowJob job = r.createProject(WorkflowJob.class, "secrets");
        job.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'Dockerfile', text: " + groovyString(dockerfile) + "\n"
                        + "  def image = dockerBuildPush tags: '" + tag + "', push: false, builder: 'buildkit',"
                        + " noCache: true,\n"
                        + "      secrets: [[id: 'token', credentialsId: 'api-token'],"
                        + " [id: 'npmrc', credentialsId: 'npmrc-file']]\n"
                        + "  echo \"builder=${image.builder}\"\n"
                        + "}",
                true));
        try {
            WorkflowRun run = r.assertBuildStatusSuccess(job.scheduleBuild2(0));
            r.assertLogContains(
                    "Build secrets: token from credentials 'api-token', npmrc from credentials 'npmrc-file'", run);
            r.assertLogContains("checked-42", run);
            r.assertLogContains("token is " + Secret.MASK, run); // the RUN printed it: masked
            r.assertLogContains("builder=buildkit", run);
            String base64 = Base64.getEncoder().encodeToString(npmrcBytes); // how the file crosses to the agent
            String image = savedImage(env, tag);
            for (String value : List.of(token, marker, base64)) {
                r.assertLogNotContains(value, run);
                assertThat(image)
                        .as("the image as docker save writes it: layers, config, history")
                        .doesNotContain(value);
            }
            assertNoFileHolds(run.getRootDir().toPath(), token, marker, base64);
            assertNoFileHolds(Path.of(r.jenkins.getWorkspaceFor(job).getRemote()), token, marker, base64);
        } finally {
            removeImage(env, tag);
        }
        r.waitUntilNoActivity();
    }

    /**
     * On an agent, a separate JVM: the Secret file's bytes cross the channel inside the step's callable
     * only, reach the mount byte for byte, and a {@code cat} of the file (UTF-8 text beyond ASCII) shows
     * every line masked. Neither the agent's directory nor the build's holds the file.
     */
    @Test
    void aSecretFileCrossesToAnAgentInsideTheStepOnlyAndPrintsMasked(JenkinsRule r) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String marker = UUID.randomUUID().toString(); // ASCII: found in files and the image read byte by byte
        String password = "gehëim-" + marker;
        byte[] netrc = ("machine registry.example.com\nlogin jürgen\npassword " + password + "\n").getBytes(UTF_8);
        addCredentials(
                r,
                new FileCredentialsImpl(
                        CredentialsScope.GLOBAL, "netrc-file", "", ".netrc", SecretBytes.fromRawBytes(netrc)));
        DumbSlave agent = r.createOnlineSlave(Label.get("docker"));
        String tag = uniqueTag("secrets-agent");
        String dockerfile = "FROM " + env.get("docker.baseImage") + "\n"
                + "RUN --mount=type=secret,id=netrc,required=true \\\n"
                + "  set -- $(sha256sum /run/secrets/netrc) && test \"$1\" = " + sha256(netrc) + " \\\n"
                + "  && cat /run/secrets/netrc && echo \"checked-$((6 * 7))\"\n";
        WorkflowJob job = r.createProject(WorkflowJob.class, "secrets-agent");
        job.setDefinition(new CpsFlowDefinition(
                "node('docker') {\n"
                        + "  writeFile file: 'Dockerfile', text: " + groovyString(dockerfile) + "\n"
                        + "  dockerBuildPush tags: '" + tag + "', push: false, builder: 'buildkit', noCache: true,"
                        + " secrets: [[id: 'netrc', credentialsId: 'netrc-file']]\n"
                        + "}",
                true));
        try {
            WorkflowRun run = r.assertBuildStatusSuccess(job.scheduleBuild2(0));
            r.assertLogContains("checked-42", run);
            assertThat(JenkinsRule.getLog(run).lines())
                    .as("the cat ran: each of the file's three lines shows masked")
                    .filteredOn(l -> l.endsWith(" " + Secret.MASK))
                    .hasSizeGreaterThanOrEqualTo(3);
            String base64 = Base64.getEncoder().encodeToString(netrc);
            for (String value : List.of(password, marker, "jürgen", base64)) {
                r.assertLogNotContains(value, run);
            }
            assertThat(savedImage(env, tag)).doesNotContain(marker);
            assertNoFileHolds(Path.of(agent.getRemoteFS()), marker, base64);
            assertNoFileHolds(run.getRootDir().toPath(), marker, base64);
        } finally {
            removeImage(env, tag);
        }
        r.waitUntilNoActivity();
    }

    @Test
    void aSecretPrintedByAFailingRunIsMaskedInTheStepsError(JenkinsRule r) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String token = "tok-" + UUID.randomUUID();
        addCredentials(
                r,
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "api-token", "", hudson.util.Secret.fromString(token)));
        String tag = uniqueTag("secret-failing");
        WorkflowJob job = r.createProject(WorkflowJob.class, "secret-failing");
        job.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'Dockerfile', text: "
                        + groovyString(
                                "FROM " + env.get("docker.baseImage") + "\n"
                                        + "RUN --mount=type=secret,id=token,required=true cat /run/secrets/token; echo; exit 3\n")
                        + "\n"
                        + "  dockerBuildPush tags: '" + tag + "', push: false, builder: 'buildkit', noCache: true,"
                        + " secrets: [[id: 'token', credentialsId: 'api-token']]\n"
                        + "}",
                true));
        try {
            WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
            // the step's error quotes the failed RUN's last output, which is the secret
            assertThat(errorLines(run)).anyMatch(l -> l.contains("exit code: 3"));
            r.assertLogContains("Last output of that step", run);
            r.assertLogNotContains(token, run);
            r.assertLogNotContains("\tat ", run);
        } finally {
            removeImage(env, tag);
        }
        r.waitUntilNoActivity();
    }

    @Test
    void unknownCredentialsFailNamingThemBeforeAnythingIsBuilt(JenkinsRule r) throws Exception {
        addCredentials(r, new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "registry", "", "deploy", "pw"));
        // no such id, and credentials of another kind: neither is a build secret
        for (String credentialsId : List.of("no-such-credentials", "registry")) {
            WorkflowJob job = r.createProject(WorkflowJob.class, "unknown-" + credentialsId);
            job.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                            + "  writeFile file: 'Dockerfile', text: 'FROM scratch\\n'\n"
                            + "  dockerBuildPush tags: 'dd-plugin-test/never-built:1', push: false,"
                            + " secrets: [[id: 'npmrc', credentialsId: '" + credentialsId + "']]\n"
                            + "}",
                    true));
            WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
            r.assertLogContains(
                    "No 'Secret file' or 'Secret text' credentials with id '" + credentialsId
                            + "' are available to unknown-" + credentialsId + " for the build secret 'npmrc'",
                    run);
            // the engine never started: it says which Docker Engine it talks to first
            r.assertLogNotContains("Docker Engine ", run);
            r.assertLogNotContains("Building ", run);
            r.assertLogNotContains("\tat ", run);
        }
        r.waitUntilNoActivity();
    }

    @Test
    void aSecretTheDockerfileNeedsButTheStepDoesNotGiveFailsNamingIt(JenkinsRule r) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        addCredentials(
                r,
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "api-token", "", hudson.util.Secret.fromString("a-token-value")));
        String tag = uniqueTag("secret-missing");
        WorkflowJob job = r.createProject(WorkflowJob.class, "secret-missing");
        job.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'Dockerfile', text: "
                        + groovyString("FROM " + env.get("docker.baseImage") + "\n"
                                + "RUN --mount=type=secret,id=token,required=true"
                                + " --mount=type=secret,id=not-given,required=true true\n")
                        + "\n"
                        + "  dockerBuildPush tags: '" + tag + "', push: false, builder: 'buildkit', noCache: true,"
                        + " secrets: [[id: 'token', credentialsId: 'api-token']]\n"
                        + "}",
                true));
        try {
            WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
            // the step's error, not only BuildKit's progress line: what to do, then the daemon's words
            List<String> log = JenkinsRule.getLog(run).lines().toList();
            int error = log.indexOf("ERROR: The Dockerfile asks for the secret 'not-given', which this build was not"
                    + " given. Give it with --secret id=not-given,src=FILE or --secret id=not-given,env=VARIABLE"
                    + " (CLI), or secrets: [[id: 'not-given', credentialsId: '...']] with a Secret file or Secret"
                    + " text credential (dockerBuildPush).");
            assertThat(error).as("the step's error line in " + log).isNotNegative();
            assertThat(log.get(error + 1)).startsWith("The build failed at ").contains("secret not-given not found");
            r.assertLogNotContains("\tat ", run);
            assertThat(imageExists(env, tag)).isFalse();
        } finally {
            removeImage(env, tag);
        }
        r.waitUntilNoActivity();
    }

    /**
     * {@code ssh: ['default']} forwards the agent {@code SSH_AUTH_SOCK} names, as {@code sshagent {}}
     * sets it (the ssh-agent plugin is no dependency: {@code withEnv} plays it). busybox has no
     * ssh-add, so the host's, with its libraries, is copied into the image: {@code ssh-add -l} lists
     * the key only if the forward reaches the agent.
     */
    @Test
    void sshDefaultForwardsTheAgentOfTheBuildsEnvironment(JenkinsRule r, @TempDir Path agentDir) throws Exception {
        TestEnvironment env = TestEnvironment.require();
        String comment = "dd-plugin-test-" + UUID.randomUUID().toString().substring(0, 8);
        Path key = agentDir.resolve("id_ed25519");
        exec(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key.toString()));
        String fingerprint = exec(List.of("ssh-keygen", "-lf", key + ".pub")).split(" ")[1];
        Path socket = agentDir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .start();
        String tag = uniqueTag("ssh");
        try {
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(25);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            assertThat(add.start().waitFor()).as("ssh-add").isZero();

            WorkflowJob job = r.createProject(WorkflowJob.class, "ssh");
            copySshAddWithItsLibraries(
                    Path.of(r.jenkins.getWorkspaceFor(job).getRemote()).resolve("root"));
            job.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                            + "  writeFile file: 'Dockerfile', text: "
                            + groovyString("FROM " + env.get("docker.baseImage") + "\nCOPY root/ /\n"
                                    + "RUN --mount=type=ssh /usr/bin/ssh-add -l\n")
                            + "\n"
                            + "  withEnv(['SSH_AUTH_SOCK=" + socket + "']) {\n"
                            + "    dockerBuildPush tags: '" + tag
                            + "', push: false, builder: 'buildkit', noCache: true,"
                            + " ssh: ['default']\n"
                            + "  }\n"
                            + "}",
                    true));
            WorkflowRun run = r.assertBuildStatusSuccess(job.scheduleBuild2(0));
            r.assertLogContains("SSH agents forwarded: default", run);
            assertThat(JenkinsRule.getLog(run).lines())
                    .as("ssh-add -l inside the RUN lists the key of the agent")
                    .anyMatch(l -> l.contains(fingerprint) && l.contains(comment));
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
            removeImage(env, tag);
        }
        r.waitUntilNoActivity();
    }

    @Test
    void sshDefaultWithoutAnAgentIsAMessage(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "no-agent");
        job.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'Dockerfile', text: 'FROM scratch\\n'\n"
                        // whatever agent the JVM running the test has: none for the build
                        + "  withEnv(['SSH_AUTH_SOCK=']) {\n"
                        + "    dockerBuildPush tags: 'dd-plugin-test/never-built:1', push: false, ssh: ['default']\n"
                        + "  }\n"
                        + "}",
                true));
        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("SSH agent 'default': SSH_AUTH_SOCK is not set", run);
        r.assertLogNotContains("Docker Engine ", run);
        r.assertLogNotContains("\tat ", run);
        r.waitUntilNoActivity();
    }

    /**
     * What a Jenkinsfile writes binds: a list of maps for the secrets and the pull credentials, a list of
     * strings for the agents.
     */
    @Test
    void thePipelineSyntaxBindsSecretsAndAgents(JenkinsRule r) {
        DescribableModel<DockerBuildPushStep> model = DescribableModel.of(DockerBuildPushStep.class);
        DockerBuildPushStep step = model.instantiate(Map.of(
                "tags", "registry.example.com/team/app:1",
                "secrets",
                        List.of(
                                Map.of("id", "npmrc", "credentialsId", "npmrc-file"),
                                Map.of("id", "token", "credentialsId", "api-token")),
                "ssh", List.of("default", "deploy=/run/deploy.sock"),
                "pullCredentials", List.of(Map.of("registry", "base.example.com:5000", "credentialsId", "base"))));
        assertThat(step.getSecrets())
                .extracting(BuildSecretEntry::getId, BuildSecretEntry::getCredentialsId)
                .containsExactly(tuple("npmrc", "npmrc-file"), tuple("token", "api-token"));
        assertThat(step.getSsh()).containsExactly("default", "deploy=/run/deploy.sock");
        assertThat(step.getPullCredentials())
                .extracting(PullCredentialsEntry::getRegistry, PullCredentialsEntry::getCredentialsId)
                .containsExactly(tuple("base.example.com:5000", "base"));
        // the form's one text box: several agents, separated by spaces or commas
        step.setSsh(List.of("default, deploy=/run/deploy.sock"));
        assertThat(step.getSsh()).containsExactly("default", "deploy=/run/deploy.sock");
        assertThat(step.getSshText()).isEqualTo("default deploy=/run/deploy.sock");
    }

    /**
     * The secret entry's credentials drop-down offers Secret file and Secret text credentials only, to
     * those who may configure the job; its check refuses other kinds. Both are {@code @POST}.
     */
    @Test
    void theSecretsCredentialsDropDownListsSecretKindsToConfigurersOnly(JenkinsRule r) throws Exception {
        addCredentials(
                r,
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "api-token", "", hudson.util.Secret.fromString("t0ken-value")));
        addCredentials(
                r,
                new FileCredentialsImpl(
                        CredentialsScope.GLOBAL, "npmrc-file", "", ".npmrc", SecretBytes.fromString("x=1")));
        addCredentials(r, new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "registry", "", "deploy", "pw"));
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        WorkflowJob job = r.createProject(WorkflowJob.class, "form");
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE, Item.EXTENDED_READ)
                .everywhere()
                .to("configurer"));
        BuildSecretEntry.DescriptorImpl descriptor =
                r.jenkins.getDescriptorByType(BuildSecretEntry.DescriptorImpl.class);

        try (ACLContext ignored = ACL.as2(User.getById("configurer", true).impersonate2())) {
            assertThat(values(descriptor.doFillCredentialsIdItems(job, "")))
                    .contains("api-token", "npmrc-file")
                    .doesNotContain("registry");
            assertThat(descriptor.doCheckCredentialsId(job, "api-token").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(descriptor.doCheckCredentialsId(job, "registry").kind).isEqualTo(FormValidation.Kind.ERROR);
        }
        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertThat(values(descriptor.doFillCredentialsIdItems(job, "npmrc-file")))
                    .as("no enumeration: the current value alone")
                    .containsExactly("npmrc-file");
        }
        assertThat(descriptor.doCheckId("npmrc").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckId("npm rc").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckId("").kind).isEqualTo(FormValidation.Kind.ERROR);
        DockerBuildPushStep.DescriptorImpl step =
                r.jenkins.getDescriptorByType(DockerBuildPushStep.DescriptorImpl.class);
        assertThat(step.doCheckSsh("default, deploy=/run/deploy.sock").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckSsh("").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation noSocket = step.doCheckSsh("default deploy=");
        assertThat(noSocket.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(noSocket.getMessage()).contains("deploy").contains("no socket after");
        assertThat(DockerBuildPushStep.DescriptorImpl.class
                        .getMethod("doCheckSsh", String.class)
                        .isAnnotationPresent(POST.class))
                .isTrue();
        for (String method : List.of("doFillCredentialsIdItems", "doCheckCredentialsId")) {
            assertThat(BuildSecretEntry.DescriptorImpl.class
                            .getMethod(method, Item.class, String.class)
                            .isAnnotationPresent(POST.class))
                    .as(method + " is @POST")
                    .isTrue();
        }
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).filter(v -> !v.isEmpty()).toList();
    }

    private static void addCredentials(JenkinsRule r, Credentials credentials) throws IOException {
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(), credentials);
    }

    /** A local tag no other test uses: this test removes it. */
    private static String uniqueTag(String name) {
        return "dd-plugin-test/" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
    }

    /** {@code text} as a single-quoted Groovy string: no interpolation, newlines escaped. */
    private static String groovyString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The lines Jenkins prints for the step's failure ({@code ERROR: message}), not BuildKit's {@code #5 ERROR:}. */
    private static List<String> errorLines(WorkflowRun run) throws IOException {
        return JenkinsRule.getLog(run)
                .lines()
                .filter(l -> l.startsWith("ERROR: "))
                .toList();
    }

    private static void assertNoFileHolds(Path dir, String... values) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), ISO_8859_1);
                for (String value : values) {
                    assertThat(content).as(file + " holds a secret").doesNotContain(value);
                }
            }
        }
    }

    /** The whole image as {@code docker save} writes it: every layer, the config with its history, the manifest. */
    private static String savedImage(TestEnvironment env, String tag) throws IOException {
        try (DockerSession docker = DockerConnector.connect(DockerEndpoint.of(env.get("docker.host")));
                InputStream saved = docker.client().saveImageCmd(tag).exec()) {
            return new String(saved.readAllBytes(), ISO_8859_1);
        }
    }

    private static boolean imageExists(TestEnvironment env, String tag) {
        try (DockerSession docker = DockerConnector.connect(DockerEndpoint.of(env.get("docker.host")))) {
            return !docker.client()
                    .listImagesCmd()
                    .withReferenceFilter(tag)
                    .exec()
                    .isEmpty();
        }
    }

    private static void removeImage(TestEnvironment env, String tag) {
        try (DockerSession docker = DockerConnector.connect(DockerEndpoint.of(env.get("docker.host")))) {
            docker.client().removeImageCmd(tag).withForce(true).exec();
        } catch (RuntimeException e) {
            // not built: nothing to remove
        }
    }

    /** ssh-add and the shared libraries it loads, laid out as in the root file system. */
    private static void copySshAddWithItsLibraries(Path root) throws IOException, InterruptedException {
        List<String> files = new ArrayList<>(List.of("/usr/bin/ssh-add"));
        for (String line : exec(List.of("ldd", "/usr/bin/ssh-add")).split("\n")) {
            for (String word : line.trim().split("\\s+")) {
                if (word.startsWith("/")) {
                    files.add(word);
                }
            }
        }
        for (String file : files) {
            Path target = root.resolve(file.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(file).toRealPath(), target);
            assertThat(target.toFile().setExecutable(true)).isTrue();
        }
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
