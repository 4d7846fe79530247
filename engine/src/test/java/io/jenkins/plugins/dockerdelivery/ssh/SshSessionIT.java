package io.jenkins.plugins.dockerdelivery.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.AuthenticationException;
import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.RecordingListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against the real OpenSSH sshd of the test environment. */
class SshSessionIT {
    private static TestEnvironment env;
    private static SshTarget target;

    @BeforeAll
    static void environment() {
        env = TestEnvironment.require();
        target = new SshTarget(env.sshHost(), env.sshPort(), env.sshUser());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SshAuth key(String name, Secret passphrase) {
        return SshAuth.privateKey(Secret.of(read(env.sshKey(name))), passphrase);
    }

    private static HostKeyPolicy knownHosts() {
        return HostKeyPolicy.knownHosts(read(env.knownHosts()));
    }

    private static SshSession open(SshAuth auth, HostKeyPolicy policy) {
        return SshSession.open(target, auth, policy, SshSettings.defaults(), ProgressListener.NONE);
    }

    private static String run(SshSession session, String command) {
        StringBuilder out = new StringBuilder();
        session.exec(
                command,
                Duration.ofSeconds(30),
                (stream, line) -> out.append(line).append('\n'));
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id_ed25519", "id_rsa", "id_rsa_pem", "id_ecdsa"})
    void everyKeyTypeLogsIn(String keyFile) {
        try (SshSession session = open(key(keyFile, null), knownHosts())) {
            assertThat(run(session, "echo logged-in-as $(id -un)")).isEqualTo("logged-in-as " + env.sshUser() + "\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"id_ed25519_passphrase", "id_rsa_pem_passphrase"})
    void encryptedKeysWithTheRightPassphrase(String keyFile) {
        try (SshSession session = open(key(keyFile, env.sshKeyPassphrase()), knownHosts())) {
            assertThat(run(session, "echo ok")).isEqualTo("ok\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"id_ed25519_passphrase", "id_rsa_pem_passphrase"})
    void aWrongPassphraseIsAClearAuthenticationError(String keyFile) {
        Secret wrong = Secret.of("not-the-passphrase");
        assertThatThrownBy(() -> open(key(keyFile, wrong), knownHosts()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("passphrase")
                .hasMessageNotContaining("not-the-passphrase");
    }

    @Test
    void passwordLogin() {
        try (SshSession session = open(SshAuth.password(env.sshPassword()), knownHosts())) {
            assertThat(run(session, "echo by-password")).isEqualTo("by-password\n");
        }
        assertThatThrownBy(() -> open(SshAuth.password(Secret.of("wrong-password")), knownHosts()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageStartingWith("SSH login to " + target + " failed: the server refused the password");
    }

    @Test
    void anUnknownHostIsRefusedShowingTheKeyToPin() throws Exception {
        String ed25519 = fingerprintOf("ssh_host_ed25519_key.pub");
        assertThatThrownBy(() -> open(key("id_ed25519", null), HostKeyPolicy.knownHosts("")))
                .isInstanceOf(HostKeyException.class)
                .hasMessageContaining("is unknown: the server presented the ssh-ed25519 key " + ed25519)
                .satisfies(e -> assertThat(((HostKeyException) e).presentedFingerprint())
                        .isEqualTo(ed25519));
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        Path other = Files.createTempDirectory("otherkey").resolve("k");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())
                .start()
                .waitFor();
        String line = "[" + env.sshHost() + "]:" + env.sshPort() + " "
                + Files.readString(Path.of(other + ".pub")).trim() + "\n";
        assertThatThrownBy(() -> open(key("id_ed25519", null), HostKeyPolicy.knownHosts(line)))
                .isInstanceOf(HostKeyException.class)
                .hasMessageContaining("has CHANGED")
                .hasMessageContaining(fingerprintOf("ssh_host_ed25519_key.pub"));
    }

    @Test
    void hashedKnownHostsWork() {
        try (SshSession session =
                open(key("id_ed25519", null), HostKeyPolicy.knownHosts(read(env.knownHostsHashed())))) {
            assertThat(run(session, "echo hashed")).isEqualTo("hashed\n");
        }
    }

    @Test
    void aPinnedFingerprintIsAcceptedAndAWrongOneRefused() throws Exception {
        String pinned = fingerprintOf("ssh_host_ed25519_key.pub");
        try (SshSession session = open(key("id_ed25519", null), HostKeyPolicy.fingerprint(pinned))) {
            assertThat(run(session, "echo pinned")).isEqualTo("pinned\n");
        }
        String wrong = "SHA256:" + "A".repeat(43);
        assertThatThrownBy(() -> open(key("id_ed25519", null), HostKeyPolicy.fingerprint(wrong)))
                .isInstanceOf(HostKeyException.class)
                .hasMessageContaining("does not match the pinned fingerprint " + wrong)
                .hasMessageContaining(pinned);
    }

    @Test
    void theInsecureOptOutConnectsAndSaysSoLoudly() {
        RecordingListener log = new RecordingListener();
        try (SshSession session = SshSession.open(
                target, key("id_ed25519", null), HostKeyPolicy.acceptAnyInsecure(), SshSettings.defaults(), log)) {
            assertThat(run(session, "echo lab")).isEqualTo("lab\n");
        }
        assertThat(log.text()).contains("WARNING: HOST KEY VERIFICATION IS OFF");
    }

    @Test
    void exitCodesAndBothStreams() {
        try (SshSession session = open(key("id_ed25519", null), knownHosts())) {
            List<String> lines = new ArrayList<>();
            ExecResult ok = session.exec(
                    "echo out; echo err >&2; exit 0", Duration.ofSeconds(10), (s, l) -> lines.add(s + ":" + l));
            assertThat(ok.exitStatus()).isZero();
            assertThat(lines).containsExactlyInAnyOrder("STDOUT:out", "STDERR:err");
            assertThat(ok.stdoutTail()).isEqualTo("out\n");
            assertThat(ok.stderrTail()).isEqualTo("err\n");
            assertThat(session.exec("false", Duration.ofSeconds(10), (s, l) -> {})
                            .exitStatus())
                    .isEqualTo(1);
            ExecResult missing = session.exec("no-such-command-here", Duration.ofSeconds(10), (s, l) -> {});
            assertThat(missing.exitStatus()).isEqualTo(127);
            assertThat(missing.stderrTail()).contains("not found");
        }
    }

    @Test
    void tenMegabytesStreamWithBoundedMemory() {
        AtomicLong lines = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long[] peak = {0};
        try (SshSession session = open(key("id_ed25519", null), knownHosts())) {
            // 10 MB: 163,840 lines of 63 characters and a newline
            ExecResult result =
                    session.exec("yes " + "x".repeat(63) + " | head -n 163840", Duration.ofSeconds(60), (s, l) -> {
                        bytes.addAndGet(l.length() + 1);
                        if (lines.incrementAndGet() % 20_000 == 0) {
                            peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory() - before);
                        }
                    });
            assertThat(result.exitStatus()).isZero();
            assertThat(result.stdoutTail().length()).isLessThanOrEqualTo(RemoteCommand.KEPT_CHARACTERS);
        }
        assertThat(lines.get()).isEqualTo(163_840);
        assertThat(bytes.get()).isEqualTo(10L * 1024 * 1024);
        assertThat(peak[0]).as("heap growth while streaming").isLessThan(64L << 20);
    }

    @Test
    void aCommandPastItsTimeoutIsStoppedAndReportedAsSuch() throws Exception {
        String marker = "sleep " + (400 + (int) (Math.random() * 500));
        try (SshSession session = open(key("id_ed25519", null), knownHosts())) {
            assertThatThrownBy(() -> session.exec(marker, Duration.ofSeconds(1), (s, l) -> {}))
                    .isInstanceOf(RemoteCommandException.class)
                    .hasMessageContaining("ran longer than 1 s: it was stopped (process group")
                    .hasMessageContaining("none of it left")
                    .satisfies(e -> assertThat(((RemoteCommandException) e).reason())
                            .isEqualTo(RemoteCommandException.Reason.TIMED_OUT));
        }
        assertGone(marker);
    }

    @Test
    void aCancelledCommandIsStopped() throws Exception {
        String marker = "sleep " + (1000 + (int) (Math.random() * 500));
        try (SshSession session = open(key("id_ed25519", null), knownHosts())) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread runner = new Thread(() -> {
                try {
                    session.exec(marker, Duration.ofMinutes(5), (s, l) -> {});
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            runner.start();
            waitForProcess(marker);
            runner.interrupt();
            assertThat(outcome.get())
                    .isInstanceOf(RemoteCommandException.class)
                    .hasMessageContaining("was cancelled: it was stopped (process group");
        }
        assertGone(marker);
    }

    /**
     * sshd refuses signal requests for a root login ("session signalling requires privilege
     * separation"): the stop kills the process group from a second channel instead, for every login.
     * A command with children (a pipeline, a background job) is stopped whole, checked with ps.
     */
    @ParameterizedTest
    @ValueSource(strings = {"root", "ddtest"})
    void aTimeoutStopsTheWholeProcessTreeForEveryLoginRootIncluded(String user) throws Exception {
        int n = 2000 + (int) (Math.random() * 3000);
        String child = "sleep " + n;
        String grandchild = "sleep " + (n + 1);
        SshTarget as = new SshTarget(env.sshHost(), env.sshPort(), user.equals("root") ? "root" : env.sshUser());
        try (SshSession session = SshSession.open(
                as, key("id_ed25519", null), knownHosts(), SshSettings.defaults(), ProgressListener.NONE)) {
            assertThatThrownBy(() -> session.exec(
                            child + " & sh -c '" + grandchild + "'; wait", Duration.ofSeconds(2), (s, l) -> {}))
                    .isInstanceOf(RemoteCommandException.class)
                    .hasMessageContaining("ran longer than 2 s: it was stopped (process group")
                    .hasMessageNotContaining("may still be running");
        }
        assertThat(ps(child)).as("ps: " + child).isEmpty();
        assertThat(ps(grandchild)).as("ps: " + grandchild).isEmpty();
    }

    /** {@code ps} on the host: the processes running exactly {@code commandLine}. */
    private static List<String> ps(String commandLine) throws Exception {
        for (int i = 0; i < 100; i++) {
            Process ps = new ProcessBuilder("ps", "-eo", "args").start();
            List<String> found = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> l.equals(commandLine))
                    .toList();
            ps.waitFor();
            if (found.isEmpty()) {
                return found;
            }
            Thread.sleep(25); // sshd may not have reaped it yet
        }
        return List.of(commandLine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id_ed25519_passphrase", "id_rsa_pem_passphrase"})
    void anEncryptedKeyWithoutItsPassphraseIsSaidSo(String keyFile) {
        assertThatThrownBy(() -> open(key(keyFile, null), knownHosts()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("The private key for " + target + " is encrypted and no passphrase was given: give its"
                        + " passphrase.");
    }

    @Test
    void aRevokedHostKeyIsReportedAsRevoked() throws Exception {
        String revoked =
                read(env.knownHosts()).lines().map(l -> "@revoked " + l).reduce("", (a, b) -> a + b + "\n");
        assertThatThrownBy(() -> open(key("id_ed25519", null), HostKeyPolicy.knownHosts(revoked)))
                .isInstanceOf(HostKeyException.class)
                .hasMessageContaining("is REVOKED: the server presented the ssh-ed25519 key "
                        + fingerprintOf("ssh_host_ed25519_key.pub"));
    }

    /** As in OpenSSH: an entry without a port is for port 22 only; wildcards match. */
    @Test
    void aPortlessEntryDoesNotMatchAnotherPortButAWildcardDoes() throws Exception {
        String keys = read(env.knownHosts());
        String portless = keys.replace("[" + env.sshHost() + "]:" + env.sshPort(), env.sshHost());
        assertThatThrownBy(() -> open(key("id_ed25519", null), HostKeyPolicy.knownHosts(portless)))
                .isInstanceOf(HostKeyException.class)
                .hasMessageContaining("is unknown");
        String wildcard = keys.replace(
                "[" + env.sshHost() + "]:" + env.sshPort(), "[" + env.sshHost().replaceAll(".$", "*") + "]:*");
        try (SshSession session = open(key("id_ed25519", null), HostKeyPolicy.knownHosts(wildcard))) {
            assertThat(run(session, "echo wildcard")).isEqualTo("wildcard\n");
        }
    }

    @Test
    void aConnectionThatDropsMidCommandIsAnErrorNotSuccess() throws Exception {
        String marker = "sleep " + (1600 + (int) (Math.random() * 300));
        try (SshSession session = open(key("id_ed25519", null), knownHosts())) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            new Thread(() -> {
                        try {
                            session.exec(marker, Duration.ofMinutes(5), (s, l) -> {});
                            outcome.complete(null);
                        } catch (Throwable t) {
                            outcome.complete(t);
                        }
                    })
                    .start();
            ProcessHandle sleeper = waitForProcess(marker);
            // kill this session's own sshd process, as if the server died or the network went
            ProcessHandle sessionSshd = sleeper.parent()
                    .filter(p -> commandLine(p).startsWith("sshd"))
                    .or(() -> sleeper.parent().flatMap(ProcessHandle::parent))
                    .orElseThrow();
            assertThat(commandLine(sessionSshd)).startsWith("sshd");
            new ProcessBuilder("kill", "-9", Long.toString(sessionSshd.pid()))
                    .start()
                    .waitFor();
            assertThat(outcome.get())
                    .isInstanceOf(RemoteCommandException.class)
                    .hasMessageContaining("ended without an exit status")
                    .satisfies(e -> assertThat(((RemoteCommandException) e).reason())
                            .isEqualTo(RemoteCommandException.Reason.CONNECTION_LOST));
            sleeper.destroyForcibly();
        }
    }

    @Test
    void unreachableHostIsAConnectionError() {
        SshTarget nowhere = new SshTarget("127.0.0.1", 1, "x");
        assertThatThrownBy(() -> SshSession.open(
                        nowhere, key("id_ed25519", null), knownHosts(), SshSettings.defaults(), ProgressListener.NONE))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Cannot connect to 127.0.0.1:1");
    }

    @Test
    void quotedValuesReachTheRemoteShellAsOneLiteralWord() throws IOException {
        List<String> nasty = List.of(
                "plain",
                "with space",
                "it's",
                "\"double\"",
                "a;b",
                "$(touch /tmp/pwned-" + UUID.randomUUID() + ")",
                "`id`",
                "line1\nline2",
                "$HOME",
                "*",
                "",
                "-n",
                "back\\slash",
                "tab\there",
                "ünï ✓");
        try (SshSession session = open(key("id_ed25519", null), knownHosts())) {
            for (String value : nasty) {
                ExecResult r =
                        session.exec("printf '%s|' " + ShellQuote.quote(value), Duration.ofSeconds(10), (s, l) -> {});
                assertThat(r.stdoutTail()).as(value).isEqualTo(value + "|\n");
            }
        }
        try (var files = Files.list(Path.of("/tmp"))) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.startsWith("pwned-"));
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    private static String fingerprintOf(String hostKeyFile) throws Exception {
        Process p = new ProcessBuilder(
                        "ssh-keygen",
                        "-lf",
                        env.sshHostKeyDir().resolve(hostKeyFile).toString())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.split(" ")[1];
    }

    private static String commandLine(ProcessHandle p) {
        return p.info().commandLine().orElse(p.info().command().orElse("")).replaceFirst("^/usr/sbin/", "");
    }

    private static Optional<ProcessHandle> find(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p ->
                        commandLine(p).replaceFirst("^/usr/bin/|^/bin/", "").equals(marker))
                .findFirst();
    }

    private static ProcessHandle waitForProcess(String marker) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Optional<ProcessHandle> p = find(marker);
            if (p.isPresent()) {
                return p.get();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the remote command '" + marker + "' never started");
    }

    private static void assertGone(String marker) throws InterruptedException {
        for (int i = 0; i < 200 && find(marker).isPresent(); i++) {
            Thread.sleep(25);
        }
        assertThat(find(marker))
                .as("the remote process '" + marker + "' is still running")
                .isEmpty();
    }
}
