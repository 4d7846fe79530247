package io.jenkins.plugins.dockerdelivery.bench;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushRequest;
import io.jenkins.plugins.dockerdelivery.docker.Builder;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A large-context build through the engine against {@code docker build} (the CLI, classic builder) on
 * the same daemon, runs alternating: the CLI, the engine warm (in this JVM after a warm-up build, as
 * inside Jenkins), the engine cold (the CLI jar as a fresh process). Both sides do the same work: the
 * CLI gets the same OCI label the engine adds.
 *
 * <p>usage: BuildBenchmark CONTEXT LAUNCHER RUNS, where LAUNCHER is bin/docker-delivery
 */
public final class BuildBenchmark {
    private BuildBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path context = Path.of(args[0]);
        Path launcher = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        DockerEndpoint endpoint = DockerEndpoint.fromEnvironment(System.getenv());
        DockerBuildPush engine = new DockerBuildPush(endpoint);

        warm(engine, context);
        cli(context); // the daemon's own caches, for both sides
        List<Double> cliTimes = new ArrayList<>();
        List<Double> warmTimes = new ArrayList<>();
        List<Double> coldTimes = new ArrayList<>();
        long coldPeakKb = 0;
        for (int i = 1; i <= runs; i++) {
            cliTimes.add(cli(context));
            warmTimes.add(warm(engine, context));
            double[] cold = cold(context, launcher);
            coldTimes.add(cold[0]);
            coldPeakKb = Math.max(coldPeakKb, (long) cold[1]);
            System.out.printf(
                    Locale.ROOT,
                    "[build] run %d: docker CLI %.2f s, engine warm %.2f s, engine cold %.2f s%n",
                    i,
                    cliTimes.get(i - 1),
                    warmTimes.get(i - 1),
                    coldTimes.get(i - 1));
        }
        double cliMedian = median(cliTimes);
        double warmMedian = median(warmTimes);
        double coldMedian = median(coldTimes);
        long warmPeakKb = peakRssKb();
        System.out.printf(
                Locale.ROOT,
                "[build] median of %d: docker CLI %.2f s | engine warm %.2f s (ratio %.2f) | engine cold %.2f s (ratio %.2f)%n",
                runs,
                cliMedian,
                warmMedian,
                warmMedian / cliMedian,
                coldMedian,
                coldMedian / cliMedian);
        System.out.printf(
                Locale.ROOT,
                "[build] peak RSS: engine warm JVM %d MiB (whole JVM, %d builds), engine cold JVM %d MiB%n",
                warmPeakKb / 1024,
                runs + 1,
                coldPeakKb / 1024);
    }

    private static double warm(DockerBuildPush engine, Path context) {
        long start = System.nanoTime();
        engine.run(
                BuildPushRequest.builder(context)
                        .withTag("bench/engine:warm")
                        .withBuilder(Builder.CLASSIC)
                        .withPush(false)
                        .build(),
                ProgressListener.NONE);
        return (System.nanoTime() - start) / 1e9;
    }

    private static double cli(Path context) throws IOException, InterruptedException {
        String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ProcessBuilder pb = new ProcessBuilder(
                "docker",
                "build",
                "-q",
                "--label",
                "org.opencontainers.image.created=" + created,
                "-t",
                "bench/cli:1",
                context.toString());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        return timed(pb)[0];
    }

    private static double[] cold(Path context, Path launcher) throws IOException, InterruptedException {
        Path rss = Files.createTempFile("rss", ".txt");
        ProcessBuilder pb = new ProcessBuilder(
                "/usr/bin/time",
                "-o",
                rss.toString(),
                "-f",
                "%M",
                launcher.toString(),
                "build-push",
                "--context",
                context.toString(),
                "--tag",
                "bench/engine:cold",
                "--no-push",
                "--builder",
                "classic");
        double seconds = timed(pb)[0];
        long kb = Long.parseLong(Files.readString(rss)
                .trim()
                .lines()
                .reduce((a, b) -> b)
                .orElse("0")
                .trim());
        Files.delete(rss);
        return new double[] {seconds, kb};
    }

    private static double[] timed(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        long start = System.nanoTime();
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(
                    String.join(" ", pb.command()) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
        return new double[] {seconds};
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** This JVM's peak resident set (VmHWM), in KiB. */
    static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
