package io.jenkins.plugins.dockerdelivery.maestro;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.ssh.ExecResult;
import io.jenkins.plugins.dockerdelivery.ssh.HostKeyPolicy;
import io.jenkins.plugins.dockerdelivery.ssh.OutputLine;
import io.jenkins.plugins.dockerdelivery.ssh.SshAuth;
import io.jenkins.plugins.dockerdelivery.ssh.SshTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deploy's steps and verdicts, with each Maestro command answered from a queue: the recorded real
 * runs (src/test/resources/maestro/real) where one exists, and a {@code status} or {@code stop} table
 * written in Maestro's exact row format where none was recorded. Where real Maestro is available,
 * {@link RealMaestroDeployIT} runs the same scenarios for real.
 */
class MaestroDeploymentTest {
    private static final Pattern VERB = Pattern.compile("; exec \\S+ (\\w+)");
    private static final String HEADER = "  #  INSTANCE                                 SERVICE              SHIP"
            + "                                     CONTAINER                  STATUS    ";

    private final List<String> calls = new ArrayList<>();
    private final Deque<String[]> answers = new ArrayDeque<>();

    /** A table row as Maestro prints it with COLUMNS=200. */
    private static String row(int index, String instance, String service, String container, String status) {
        return String.format("  %d. %-40s %-20s %-40s %-26s %s", index, instance, service, "local", container, status);
    }

    private void answer(String verb, String stdout, String stderr, int exit) {
        answers.add(new String[] {verb, stdout, stderr, Integer.toString(exit)});
    }

    private void answerReal(String verb, String transcript) {
        try {
            answer(
                    verb,
                    RealTranscriptTest.read(transcript, "stdout"),
                    RealTranscriptTest.read(transcript, "stderr"),
                    Integer.parseInt(
                            RealTranscriptTest.read(transcript, "exit-code").strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExecResult replay(String command, Duration timeout, OutputLine out) {
        Matcher m = VERB.matcher(command);
        assertThat(m.find()).as(command).isTrue();
        String verb = m.group(1);
        calls.add(command.substring(m.start() + "; exec ".length()));
        String[] next = answers.poll();
        assertThat(next).as("an answer for " + verb).isNotNull();
        assertThat(next[0]).as("the command run").isEqualTo(verb);
        next[1].lines().forEach(l -> out.line(OutputLine.Stream.STDOUT, l));
        next[2].lines().forEach(l -> out.line(OutputLine.Stream.STDERR, l));
        return new ExecResult(Integer.parseInt(next[3]), next[1], next[2]);
    }

    private DeployResult deploy(MaestroDeployRequest request) {
        calls.clear();
        DeployResult result = new MaestroDeployment(this::replay, request, new RecordingListener(), request.timeout())
                .run(services -> {});
        assertThat(answers).as("answers left unused").isEmpty();
        return result;
    }

    private static MaestroDeployRequest.Spec request() {
        return MaestroDeployRequest.builder(
                        new SshTarget("maestro.example.com", 22, "root"),
                        SshAuth.password(Secret.of("pw")),
                        HostKeyPolicy.knownHosts(""))
                .withDirectory("/srv/maestro/deaf")
                .withActions(List.of(MaestroDeployRequest.Action.RESTART));
    }

    /**
     * Issue 12's three runs: a running check that never passes. Real Maestro leaves the container
     * running (13) and the next {@code restart --only-if-changed} calls it "up to date" (14), so the
     * third run was green. Here the failed instance is stopped, every later run starts it again, and
     * every run is red.
     */
    @Test
    void threeRunsWithACheckThatNeverPassesAreThreeFailures() {
        for (int run = 1; run <= 3; run++) {
            String before = run == 1 ? "1:-" : "1:70c17f8"; // absent, then left stopped by the last run
            answer(
                    "status",
                    HEADER + "\n" + row(1, "mr-deaf-1", "deaf", before, "down") + "\n"
                            + row(2, "mr-deaf-2", "deaf", "1:-", "down"),
                    "",
                    0);
            answerReal("start", "13-running-check-fails-restart");
            answer("status", HEADER + "\n" + row(1, "mr-deaf-1", "deaf", "1:70c17f8", "running for 4s"), "", 0);
            answer("stop", HEADER + "\n" + row(1, "mr-deaf-1", "deaf", "1:70c17f8", "stopped"), "", 0);

            DeployResult result = deploy(request().build());

            assertThat(result.success()).as("run " + run).isFalse();
            assertThat(calls)
                    .containsExactly(
                            "maestro status",
                            "maestro start -- mr-deaf-1 mr-deaf-2",
                            "maestro status -- mr-deaf-1",
                            "maestro stop -- mr-deaf-1");
            assertThat(result.message())
                    .isEqualTo("The deploy on root@maestro.example.com failed: mr-deaf-1 failed its running checks"
                            + " (Maestro: container did not start! failed!); it was stopped, so that no later deploy"
                            + " counts it as up to date. Maestro said: mr-deaf-1: Halting start sequence because"
                            + " mr-deaf-1 (on local) failed to start!. Not attempted: mr-deaf-2 (the deploy stopped"
                            + " at the failure of mr-deaf-1)");
            assertThat(result.instances())
                    .extracting(DeployResult.InstanceResult::change)
                    .containsExactly(
                            "failed its running checks; stopped",
                            "not attempted (the deploy stopped at the failure of mr-deaf-1)");
        }
    }

    @Test
    void aFirstDeployStartsWhatIsMissingAndRestartsWhatRuns() {
        answer(
                "status",
                HEADER + "\n" + row(1, "mr-db-1", "db", "1:fcd3297", "running for 6s") + "\n"
                        + row(2, "mr-web-1", "web", "1:-", "down") + "\n"
                        + row(3, "mr-web-2", "web", "1:-", "down"),
                "",
                0);
        answerReal("start", "02-first-deploy-restart"); // its rows: mr-web-1, mr-web-2 started
        answerReal("restart", "04-unchanged-restart-up-to-date");
        DeployResult result = deploy(request().build());
        assertThat(calls)
                .containsExactly(
                        "maestro status",
                        "maestro start -- mr-web-1 mr-web-2",
                        "maestro restart -c 1 --only-if-changed -- mr-db-1");
        assertThat(result.success()).as(result.message()).isTrue();
        assertThat(result.instances())
                .extracting(DeployResult.InstanceResult::change)
                .first()
                .asString()
                .startsWith("up to date (1:");
        assertThat(result.instances().get(1).change()).matches("created: image 1, container [0-9a-f]{7}");
        assertThat(result.message()).isEqualTo("Deployed on root@maestro.example.com: 1 up to date, 2 created");
    }

    @Test
    void aFailedPullNamesTheRealReasonAndWhatWasNeverPulled() {
        answer(
                "status",
                HEADER + "\n" + row(1, "mr-ghost-1", "ghost", "7:-", "down") + "\n"
                        + row(2, "mr-good-1", "good", "1:-", "down"),
                "",
                0);
        answerReal("pull", "16-pull-image-not-found");
        DeployResult result = deploy(request()
                .withActions(List.of(MaestroDeployRequest.Action.PULL, MaestroDeployRequest.Action.RESTART))
                .build());
        assertThat(result.success()).isFalse();
        assertThat(result.message())
                .startsWith("The deploy on root@maestro.example.com failed: maestro pull failed for mr-ghost-1 (exit"
                        + " code 1). Maestro said: docker.errors.NotFound: 404 Client Error")
                .contains("manifest for 127.0.0.1:5901/mr/ghost:7 not found");
        assertThat(result.instances())
                .extracting(DeployResult.InstanceResult::change)
                .containsExactly("pull failed", "not attempted: its pull was interrupted (0.0%)");
    }

    @Test
    void aLoadErrorIsMaestrosExceptionNotItsSource() {
        answerReal("status", "25-load-missing-image-status");
        DeployResult result = deploy(request().build());
        assertThat(result.success()).isFalse();
        assertThat(result.message())
                .isEqualTo("The deploy on root@maestro.example.com failed: maestro status failed (exit code 1)."
                        + " Maestro said: KeyError: 'image'");
    }
}
