package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.maestro.FakeMaestro;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployCommandIT {
    @Test
    void deploysAndPrintsTheInstanceTable() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        FakeMaestro fake = FakeMaestro.install()
                .replay("status", "03-status-running")
                .replay("pull", "03-status-running")
                .replay("restart", "08-restart-only-if-changed-uptodate");
        CliProcess.Result r = CliProcess.run(
                env.sshKeyPassphrase().reveal() + "\n",
                Map.of(),
                "deploy",
                "--host",
                env.sshHost(),
                "--port",
                Integer.toString(env.sshPort()),
                "--user",
                env.sshUser(),
                "--identity",
                env.sshKey("id_ed25519_passphrase").toString(),
                "--passphrase-stdin",
                "--known-hosts",
                env.knownHosts().toString(),
                "--dir",
                fake.appDir().toString(),
                "--maestro",
                fake.executable(),
                "--env",
                "IMAGE_TAG=9");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(fake.calls())
                .containsExactly(
                        fake.appDir() + "|status|COLUMNS=200|IMAGE_TAG=9",
                        fake.appDir() + "|pull|COLUMNS=200|IMAGE_TAG=9",
                        fake.appDir() + "|restart -c 1 --only-if-changed -- fx-db-1 fx-web-1 fx-web-2|COLUMNS=200"
                                + "|IMAGE_TAG=9");
        assertThat(r.out())
                .contains("INSTANCE")
                .containsPattern("fx-web-1 +web +ok +up to date \\(1:[0-9a-f]{7}\\)")
                .contains("Nothing changed on ");
        assertThat(r.err()).isEmpty();
        assertThat(r.out() + r.err()).doesNotContain(env.sshKeyPassphrase().reveal());
    }

    @Test
    void aFailedDeployMeansExitCodeOneAndItsReasonOnStandardError() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        FakeMaestro fake = FakeMaestro.install();
        CliProcess.Result r = CliProcess.run(
                null,
                Map.of(),
                "deploy",
                "--host",
                env.sshHost(),
                "--port",
                Integer.toString(env.sshPort()),
                "--user",
                env.sshUser(),
                "--identity",
                env.sshKey("id_ed25519").toString(),
                "--known-hosts",
                env.knownHosts().toString(),
                "--dir",
                fake.appDir().toString(),
                "--maestro",
                fake.executable() + "-missing",
                "--no-pull");
        assertThat(r.exitCode()).isEqualTo(1);
        // progress and the table on stdout; the failure on stderr, with the prefix
        assertThat(r.out()).contains("Deploying on ").doesNotContain("The deploy on");
        assertThat(r.err())
                .startsWith("docker-delivery: The deploy on ")
                .contains(fake.executable() + "-missing was not found on " + env.sshUser() + "@");
    }

    @Test
    void anUnknownHostKeyIsRefusedWithTheFingerprint() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        java.nio.file.Path empty = java.nio.file.Files.createTempFile("known_hosts", "");
        CliProcess.Result r = CliProcess.run(
                null,
                Map.of(),
                "deploy",
                "--host",
                env.sshHost(),
                "--port",
                Integer.toString(env.sshPort()),
                "--user",
                env.sshUser(),
                "--identity",
                env.sshKey("id_ed25519").toString(),
                "--known-hosts",
                empty.toString(),
                "--dir",
                "/srv/x");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("docker-delivery: The host key of " + env.sshHost() + ":" + env.sshPort() + " is unknown")
                .containsPattern("SHA256:[A-Za-z0-9+/]{43}")
                .doesNotContain("\tat ");
    }

    @Test
    void aFileMaestroWouldRefuseStopsDeployValidateWithTheExitCodeOfMaestroValidate() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        FakeMaestro fake = FakeMaestro.install().replay("restart", "08-restart-only-if-changed-uptodate");
        // a check type Maestro does not know: it would stop with a KeyError traceback
        java.nio.file.Path file = java.nio.file.Files.writeString(
                fake.appDir().resolve("maestro.yaml"),
                "__maestro: {schema: 2}\nname: x\nships: {s: {ip: 127.0.0.1}}\nservices:\n  web:\n"
                        + "    image: reg/web:{{ env.IMAGE_TAG }}\n"
                        + "    instances: {web-1: {ship: s, lifecycle: {running: [{type: magic}]}}}\n");
        CliProcess.Result deploy = CliProcess.run(
                null,
                Map.of(),
                "deploy",
                "--host",
                env.sshHost(),
                "--port",
                Integer.toString(env.sshPort()),
                "--user",
                env.sshUser(),
                "--identity",
                env.sshKey("id_ed25519").toString(),
                "--known-hosts",
                env.knownHosts().toString(),
                "--dir",
                fake.appDir().toString(),
                "--maestro",
                fake.executable(),
                "--env",
                "IMAGE_TAG=3",
                "--no-pull",
                "--validate");
        assertThat(deploy.exitCode()).as(deploy.out() + deploy.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(deploy.err())
                .contains("The deploy did not start: " + file + " is not valid")
                .contains("'magic' is not a check type");
        assertThat(fake.calls()).isEmpty();

        CliProcess.Result validate =
                CliProcess.run(null, Map.of(), "maestro", "validate", "--env", "IMAGE_TAG=3", file.toString());
        assertThat(validate.exitCode()).isEqualTo(deploy.exitCode());
        assertThat(validate.out()).contains("'magic' is not a check type");
    }

    /** Issue 10: every number and name is checked before anything connects (the host here does not exist). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "--timeout=999999999999999|The deploy timeout must be between 1 second and 7 days",
                "--timeout=0|The deploy timeout must be between 1 second and 7 days",
                "--timeout=-1|--timeout must not be negative",
                "--step-delay=-3|--step-delay must not be negative",
                "--settle=-3|--settle must not be negative",
                "--instance=-a|names cannot start with '-'",
                "--service=-r|names cannot start with '-'",
                "--env=PATH=/tmp/evil|The environment variable PATH cannot be set",
                "--env=LD_PRELOAD=/tmp/x.so|The environment variable LD_PRELOAD cannot be set",
                "--env=IFS=x|The environment variable IFS cannot be set"
            })
    void badNumbersAndNamesAreRefusedBeforeConnecting(String option, String message) throws Exception {
        CliProcess.Result r = CliProcess.run(
                null,
                Map.of("DOCKER_DELIVERY_SSH_PASSWORD", "x"),
                "deploy",
                "--host",
                "deploy-target.invalid",
                "--user",
                "u",
                "--insecure-accept-any-host-key",
                "--dir",
                "/srv/x",
                option);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("docker-delivery: ").contains(message).doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("Deploying on");
    }
}
