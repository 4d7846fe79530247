package io.jenkins.plugins.dockerdelivery.bench;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.ssh.HostKeyPolicy;
import io.jenkins.plugins.dockerdelivery.ssh.SshAuth;
import io.jenkins.plugins.dockerdelivery.ssh.SshSession;
import io.jenkins.plugins.dockerdelivery.ssh.SshSettings;
import io.jenkins.plugins.dockerdelivery.ssh.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A remote command through the engine's SSH (in a warm JVM, as inside Jenkins) against OpenSSH's
 * {@code ssh} client, alternating: connect, log in, run {@code true}; and stream 10 MB of output.
 *
 * <p>usage: SshBenchmark HOST PORT USER KEY KNOWN_HOSTS RUNS
 */
public final class SshBenchmark {
    private SshBenchmark() {}

    public static void main(String[] args) throws Exception {
        SshTarget target = new SshTarget(args[0], Integer.parseInt(args[1]), args[2]);
        Path key = Path.of(args[3]);
        Path knownHosts = Path.of(args[4]);
        int runs = Integer.parseInt(args[5]);
        SshAuth auth = SshAuth.privateKey(Secret.of(Files.readString(key)), null);
        HostKeyPolicy policy = HostKeyPolicy.knownHosts(Files.readString(knownHosts));
        String stream = "head -c 10485760 /dev/zero | tr '\\\\0' x | fold -w 99";
        List<String> ssh = List.of(
                "ssh",
                "-q",
                "-i",
                key.toString(),
                "-o",
                "UserKnownHostsFile=" + knownHosts,
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "BatchMode=yes",
                "-p",
                args[1],
                args[2] + "@" + args[0]);

        engine(target, auth, policy, "true"); // warm-up
        List<Double> engineTrue = new ArrayList<>();
        List<Double> sshTrue = new ArrayList<>();
        List<Double> engineStream = new ArrayList<>();
        List<Double> sshStream = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            sshTrue.add(process(ssh, "true"));
            engineTrue.add(engine(target, auth, policy, "true"));
            sshStream.add(process(ssh, stream));
            engineStream.add(engine(target, auth, policy, stream));
        }
        report("connect, log in, run `true`", sshTrue, engineTrue);
        report("stream 10 MB of output, line by line", sshStream, engineStream);
    }

    private static void report(String what, List<Double> baseline, List<Double> engine) {
        double b = BuildBenchmark.median(baseline);
        double e = BuildBenchmark.median(engine);
        System.out.printf(
                Locale.ROOT,
                "[ssh] %s: ssh %.0f ms | engine %.0f ms (ratio %.2f), median of %d%n",
                what,
                b * 1000,
                e * 1000,
                e / b,
                baseline.size());
    }

    private static double engine(SshTarget target, SshAuth auth, HostKeyPolicy policy, String command) {
        long start = System.nanoTime();
        AtomicLong lines = new AtomicLong();
        try (SshSession session =
                SshSession.open(target, auth, policy, SshSettings.defaults(), ProgressListener.NONE)) {
            if (session.exec(command, Duration.ofMinutes(1), (s, l) -> lines.incrementAndGet())
                            .exitStatus()
                    != 0) {
                throw new IllegalStateException(command + " failed");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double process(List<String> ssh, String command) throws Exception {
        List<String> cmd = new ArrayList<>(ssh);
        cmd.add(command);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
