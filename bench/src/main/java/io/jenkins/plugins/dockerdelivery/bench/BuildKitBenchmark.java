package io.jenkins.plugins.dockerdelivery.bench;

import io.jenkins.plugins.dockerdelivery.docker.BuildPushRequest;
import io.jenkins.plugins.dockerdelivery.docker.Builder;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * BuildKit builds through the engine's session against {@code DOCKER_BUILDKIT=1 docker build} with the
 * Debian 20.10 CLI ({@code /usr/bin/docker}, which has BuildKit and sessions built in) on the same daemon:
 * a first build (a new shared key on every side: a fresh node id, as a new machine or agent would have), a
 * rebuild with nothing changed, and a rebuild with one file changed. Every step runs on the three sides in
 * turn: the CLI, the engine warm (in this JVM, as inside Jenkins), the engine cold ({@code
 * bin/docker-delivery} as a fresh process); the side that goes first changes from run to run, and each
 * side starts after a {@code sync} and once the disk has been quiet for 2 s ({@link DiskQuiet}). The
 * Dockerfile is {@code FROM base} + {@code COPY . /app}, after a step that differs by side, so each side
 * has its own cache; the CLI gets the creation label the engine adds, so both do the same work.
 *
 * <p>Besides each side's wall time it prints the <em>context transfer</em>: how long the daemon itself says
 * its {@code [internal] load build context} step took, from the step's start and end times in the
 * build's progress, which every side prints as {@code #N DONE 1.2s}. That step is the session's whole
 * share of a build (the daemon asks for the context, the client walks and sends it, the daemon writes
 * it); the rest (the {@code COPY}, the export of the image) is the daemon's work alone, the same on every
 * side, and where most of the run-to-run spread of the wall times comes from.
 *
 * <p>usage: BuildKitBenchmark NAME CONTEXT LAUNCHER RUNS BASE (the context is generated when missing:
 * NAME {@code 1gib} or {@code old-site})
 */
public final class BuildKitBenchmark {
    private static final String CLI = "/usr/bin/docker";
    private static final List<String> ROWS = List.of("first build", "no-change rebuild", "one-file rebuild");
    /**
     * The order of the sides in each run, run r taking the ((r - 1) mod 6)th: the three rotations, then the
     * three of the reverse order. In any 3 runs each side goes first, second and third once; in any 6, each
     * side also follows each other side as often as the other way round. A side's build leaves the daemon
     * and the page cache busy or warm for the next; with rotations alone, one side followed the CLI in 5 of 7
     * runs.
     */
    private static final List<List<String>> ORDERS = List.of(
            List.of("cli", "warm", "cold"),
            List.of("warm", "cold", "cli"),
            List.of("cold", "cli", "warm"),
            List.of("cold", "warm", "cli"),
            List.of("warm", "cli", "cold"),
            List.of("cli", "cold", "warm"));

    private BuildKitBenchmark() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path context = Path.of(args[1]);
        Path launcher = Path.of(args[2]);
        int runs = Integer.parseInt(args[3]);
        String base = args[4];
        generate(name, context);
        // each side its own layer chain (the build arg), so that no side gets the COPY another side just made
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM " + base + "\nARG SIDE\nRUN echo \"$SIDE\" > /side\nCOPY . /app\n");
        pruneIfAsked(); // nothing left from an earlier run (or a hand-made build with the same steps)
        Path homes = Files.createTempDirectory("dd-bench-homes");
        warmUpLauncher(launcher, base, homes);
        System.out.println("[buildkit " + name + "] the output of every build goes to " + homes);
        DockerBuildPush engine = new DockerBuildPush(DockerEndpoint.fromEnvironment(System.getenv()));
        String originalHome = System.getProperty("user.home");

        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, List<Double>> transfers = new LinkedHashMap<>();
        Map<String, List<Double>> clientCpu = new LinkedHashMap<>(); // CPU seconds of the side's own process
        Map<String, List<Double>> daemonCpu = new LinkedHashMap<>(); // and of dockerd and containerd meanwhile
        // each build's time over the median of its row in its run, by its place in the run's order
        Map<String, List<Double>> places = new LinkedHashMap<>();
        long coldPeakKb = 0;
        List<Double> startUps = new ArrayList<>(); // the launcher's own start-up, the cold side's floor
        List<Double> quietWaits = new ArrayList<>(); // before each side: until the disk is quiet
        CpuUse.Ticks ticksBefore = CpuUse.ticks();
        Random random = new Random(System.nanoTime()); // new bytes each run: a change the daemon has never cached
        for (int run = 1; run <= runs; run++) {
            // fresh keys for every side: the daemon has never seen these contexts
            Path cliConfig = Files.createDirectories(homes.resolve("cli-" + run));
            Path warmHome = Files.createDirectories(homes.resolve("warm-" + run));
            Path coldHome = Files.createDirectories(homes.resolve("cold-" + run));
            for (String row : ROWS) {
                if (row.equals("one-file rebuild")) {
                    changeOneFile(context, random);
                }
                // the sides take turns at going first, and each starts once the disk is done with what came
                // before: the previous build's writes (a build of the old site leaves gigabytes of dirty
                // pages) and what the daemon still deletes after a prune
                List<String> order = ORDERS.get((run - 1) % ORDERS.size());
                for (String side : order) {
                    timed(new ProcessBuilder("sync"));
                    quietWaits.add(DiskQuiet.await());
                    if (side.equals("cold") && row.equals("no-change rebuild")) {
                        // in the conditions of the rebuild it is the floor of: right after the sync, with the
                        // page cache and the daemon as the previous builds left them
                        startUps.add(startUp(launcher, coldHome));
                    }
                    Run measured;
                    double clientBefore = CpuUse.client();
                    double daemonBefore = CpuUse.daemon();
                    switch (side) {
                        case "cli" -> measured = cli(context, cliConfig);
                        case "warm" -> {
                            System.setProperty("user.home", warmHome.toString());
                            measured = warm(engine, context);
                            System.setProperty("user.home", originalHome);
                        }
                        default -> {
                            measured = cold(context, launcher, coldHome);
                            coldPeakKb = Math.max(coldPeakKb, measured.peakRssKb());
                        }
                    }
                    add(times, row, side, measured.seconds());
                    add(clientCpu, row, side, CpuUse.client() - clientBefore);
                    add(daemonCpu, row, side, CpuUse.daemon() - daemonBefore);
                    // every build's output is kept, for a look at what a row's figures come from
                    Files.write(
                            homes.resolve(side + "-" + row.replace(' ', '-') + "-" + run + ".log"), measured.output());
                    add(transfers, row, side, contextTransfer(measured.output()));
                }
                double runMedian = BuildBenchmark.median(
                        order.stream().map(side -> last(times, row, side)).toList());
                for (int place = 0; place < order.size(); place++) {
                    add(places, row, "place " + place, last(times, row, order.get(place)) / runMedian);
                }
                System.out.printf(
                        Locale.ROOT,
                        "[buildkit %s] run %d, %s: docker CLI %.2f s, engine warm %.2f s, engine cold %.2f s"
                                + " (context transfer %.1f s, %.1f s, %.1f s; CPU client/daemon %.1f/%.1f s, %.1f/%.1f s,"
                                + " %.1f/%.1f s; threads in the warm JVM %d)%n",
                        name,
                        run,
                        row,
                        last(times, row, "cli"),
                        last(times, row, "warm"),
                        last(times, row, "cold"),
                        last(transfers, row, "cli"),
                        last(transfers, row, "warm"),
                        last(transfers, row, "cold"),
                        last(clientCpu, row, "cli"),
                        last(daemonCpu, row, "cli"),
                        last(clientCpu, row, "warm"),
                        last(daemonCpu, row, "warm"),
                        last(clientCpu, row, "cold"),
                        last(daemonCpu, row, "cold"),
                        java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount());
            }
            pruneIfAsked();
        }
        System.out.printf(
                Locale.ROOT,
                "[buildkit %s] before each side: a sync, then a wait until the disk wrote nothing for 2 s: median"
                        + " %.1f s, longest %.1f s%n",
                name,
                BuildBenchmark.median(quietWaits),
                quietWaits.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        System.out.printf(
                Locale.ROOT,
                "[buildkit %s] CPU steal during the runs (the cores' time the hypervisor gave to other machines):"
                        + " %.1f%%%n",
                name,
                CpuUse.ticks().stealPercentSince(ticksBefore));
        System.out.printf(Locale.ROOT, "[buildkit %s] median of %d (ratio to the CLI):%n", name, runs);
        for (String row : ROWS) {
            double cli = BuildBenchmark.median(times.get(row + "/cli"));
            double warm = BuildBenchmark.median(times.get(row + "/warm"));
            double cold = BuildBenchmark.median(times.get(row + "/cold"));
            System.out.printf(
                    Locale.ROOT,
                    "[buildkit %s] | %s | CLI %.2f s | engine warm %.2f s (%.2f) | engine cold %.2f s (%.2f) |%n",
                    name,
                    row,
                    cli,
                    warm,
                    warm / cli,
                    cold,
                    cold / cli);
        }
        double startUp = BuildBenchmark.median(startUps);
        double overCli = BuildBenchmark.median(times.get("no-change rebuild/cold"))
                - BuildBenchmark.median(times.get("no-change rebuild/cli"));
        System.out.printf(
                Locale.ROOT,
                "[buildkit %s] cold start: the launcher's own start-up (bin/docker-delivery --version, just before"
                        + " each cold no-change rebuild) %.2f s; engine cold minus CLI on the no-change rebuild"
                        + " %.2f s (%+.2f s beyond the start-up)%n",
                name,
                startUp,
                overCli,
                overCli - startUp);
        System.out.printf(
                Locale.ROOT,
                "[buildkit %s] context transfer, the daemon's own timing of its load build context step, median of"
                        + " %d:%n",
                name,
                runs);
        for (String row : ROWS) {
            double cli = BuildBenchmark.median(transfers.get(row + "/cli"));
            double warm = BuildBenchmark.median(transfers.get(row + "/warm"));
            double cold = BuildBenchmark.median(transfers.get(row + "/cold"));
            System.out.printf(
                    Locale.ROOT,
                    "[buildkit %s] | %s | CLI %.1f s | engine warm %.1f s | engine cold %.1f s |%n",
                    name,
                    row,
                    cli,
                    warm,
                    cold);
        }
        System.out.printf(
                Locale.ROOT,
                "[buildkit %s] CPU seconds during each side's build, its own process / dockerd and containerd,"
                        + " median of %d:%n",
                name,
                runs);
        for (String row : ROWS) {
            System.out.printf(
                    Locale.ROOT,
                    "[buildkit %s] | %s | CLI %.2f / %.2f s | engine warm %.2f / %.2f s | engine cold %.2f / %.2f s |%n",
                    name,
                    row,
                    BuildBenchmark.median(clientCpu.get(row + "/cli")),
                    BuildBenchmark.median(daemonCpu.get(row + "/cli")),
                    BuildBenchmark.median(clientCpu.get(row + "/warm")),
                    BuildBenchmark.median(daemonCpu.get(row + "/warm")),
                    BuildBenchmark.median(clientCpu.get(row + "/cold")),
                    BuildBenchmark.median(daemonCpu.get(row + "/cold")));
        }
        System.out.printf(
                Locale.ROOT,
                "[buildkit %s] by place in the run's order, whichever side had it: the build's time over the"
                        + " median of the three in its run, median of %d:%n",
                name,
                runs);
        for (String row : ROWS) {
            System.out.printf(
                    Locale.ROOT,
                    "[buildkit %s] | %s | first %.2f | second %.2f | third %.2f |%n",
                    name,
                    row,
                    BuildBenchmark.median(places.get(row + "/place 0")),
                    BuildBenchmark.median(places.get(row + "/place 1")),
                    BuildBenchmark.median(places.get(row + "/place 2")));
        }
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(
                Locale.ROOT,
                "[buildkit %s] peak RSS: engine warm JVM %d MiB (whole JVM, %d builds; JVM options %s; heap"
                        + " committed at the end %d MiB, in use after a full collection %d MiB), engine cold JVM"
                        + " %d MiB%n",
                name,
                BuildBenchmark.peakRssKb() / 1024,
                runs * ROWS.size(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
                runtime.totalMemory() / (1024 * 1024),
                (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024),
                coldPeakKb / 1024);
        int noChange = Integer.parseInt(System.getenv().getOrDefault("BENCH_NO_CHANGE_ROUNDS", "30"));
        int oneFile = Integer.parseInt(System.getenv().getOrDefault("BENCH_ONE_FILE_ROUNDS", "10"));
        if (noChange > 0 || oneFile > 0) {
            rounds(name, context, engine, homes, originalHome, noChange, oneFile, random);
        }
    }

    /**
     * The CLI and the warm engine in turn, after a first build of each, in one JVM, as in a Jenkins
     * controller that rebuilds a job: rebuilds with nothing changed (a tenth of a second, which the runs'
     * medians read at 10 ms), then rebuilds with one file changed before each pair. Pairs resolve what the
     * runs' medians cannot: a difference of a few percent in a row whose time varies more than that from
     * run to run. The one-file pairs also say how much CPU the daemon spent for each side.
     */
    private static void rounds(
            String name,
            Path context,
            DockerBuildPush engine,
            Path homes,
            String originalHome,
            int noChangeRounds,
            int oneFileRounds,
            Random random)
            throws IOException, InterruptedException {
        Path cliConfig = Files.createDirectories(homes.resolve("cli-rounds"));
        Path warmHome = Files.createDirectories(homes.resolve("warm-rounds"));
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int round = -1; round < noChangeRounds + oneFileRounds; round++) { // round -1: the first builds
            String row = round < noChangeRounds ? "no-change" : "one-file";
            if (row.equals("one-file")) {
                changeOneFile(context, random);
            }
            for (int turn = 0; turn < 2; turn++) {
                boolean cliSide = (turn + Math.max(round, 0)) % 2 == 0; // who goes first alternates
                String side = cliSide ? "cli" : "warm";
                if (row.equals("one-file")) {
                    timed(new ProcessBuilder("sync"));
                    DiskQuiet.await();
                }
                double daemonBefore = CpuUse.daemon();
                double seconds;
                if (cliSide) {
                    seconds = cli(context, cliConfig).seconds();
                } else {
                    System.setProperty("user.home", warmHome.toString());
                    seconds = warm(engine, context).seconds();
                    System.setProperty("user.home", originalHome);
                }
                if (round >= 0) {
                    add(times, row, side, seconds);
                    add(times, row, side + " daemon CPU", CpuUse.daemon() - daemonBefore);
                }
            }
            if (round >= 0 && row.equals("one-file")) {
                // the pair's ratio, which leaves out how fast the machine was in that round
                add(times, row, "ratio", last(times, row, "warm") / last(times, row, "cli"));
            }
        }
        if (noChangeRounds > 0) {
            double cli = BuildBenchmark.median(times.get("no-change/cli"));
            double warm = BuildBenchmark.median(times.get("no-change/warm"));
            System.out.printf(
                    Locale.ROOT,
                    "[buildkit %s] no-change rebuild, %d rounds in turn after a first build of each: CLI %.3f s,"
                            + " engine warm %.3f s (%.2f)%n",
                    name,
                    noChangeRounds,
                    cli,
                    warm,
                    warm / cli);
        }
        if (oneFileRounds > 0) {
            List<Double> ratios = times.get("one-file/ratio");
            System.out.printf(
                    Locale.ROOT,
                    "[buildkit %s] one-file rebuild, %d rounds in turn (one file changed before each pair): CLI"
                            + " %.2f s, engine warm %.2f s (%.2f); median of the pairs' ratios %.2f, warm faster in"
                            + " %d of %d; the daemon's CPU meanwhile: CLI %.2f s, engine warm %.2f s%n",
                    name,
                    oneFileRounds,
                    BuildBenchmark.median(times.get("one-file/cli")),
                    BuildBenchmark.median(times.get("one-file/warm")),
                    BuildBenchmark.median(times.get("one-file/warm"))
                            / BuildBenchmark.median(times.get("one-file/cli")),
                    BuildBenchmark.median(ratios),
                    ratios.stream().filter(r -> r < 1).count(),
                    ratios.size(),
                    BuildBenchmark.median(times.get("one-file/cli daemon CPU")),
                    BuildBenchmark.median(times.get("one-file/warm daemon CPU")));
        }
        pruneIfAsked();
    }

    private static void add(Map<String, List<Double>> times, String row, String side, double seconds) {
        times.computeIfAbsent(row + "/" + side, k -> new ArrayList<>()).add(seconds);
    }

    private static double last(Map<String, List<Double>> times, String row, String side) {
        List<Double> list = times.get(row + "/" + side);
        return list.get(list.size() - 1);
    }

    /**
     * {@code 1gib}: 180 files of 5 MiB and 20 more excluded by {@code .dockerignore} (the issue's table).
     * {@code old-site}: a site of 1.8 GB as the team has one: 36 media files of 40 MiB and 20,000 small
     * files (1 to 35 kB) in 200 directories.
     */
    static void generate(String name, Path context) throws IOException {
        if (Files.exists(context.resolve(".complete"))) {
            return;
        }
        System.out.println("[buildkit " + name + "] generating the context in " + context);
        Files.createDirectories(context);
        Random random = new Random(42);
        if (name.equals("1gib")) {
            for (int i = 1; i <= 180; i++) {
                write(context.resolve("f" + i + ".bin"), 5 * 1024 * 1024, random);
            }
            Path excluded = Files.createDirectories(context.resolve("excluded"));
            for (int i = 1; i <= 20; i++) {
                write(excluded.resolve("e" + i + ".bin"), 5 * 1024 * 1024, random);
            }
            Files.writeString(context.resolve(".dockerignore"), "excluded\n");
        } else {
            Path media = Files.createDirectories(context.resolve("media"));
            for (int i = 1; i <= 36; i++) {
                write(media.resolve("video-" + i + ".mp4"), 40 * 1024 * 1024, random);
            }
            for (int d = 0; d < 200; d++) {
                Path dir = Files.createDirectories(context.resolve("pages/section-" + d));
                for (int f = 0; f < 100; f++) {
                    write(dir.resolve("page-" + f + ".html"), 1000 + random.nextInt(34_000), random);
                }
            }
            Files.writeString(context.resolve(".dockerignore"), ".git\n*.tmp\n");
        }
        Files.writeString(context.resolve(".complete"), "");
    }

    private static void write(Path file, int size, Random random) throws IOException {
        byte[] chunk = new byte[Math.min(size, 1024 * 1024)];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(left, chunk.length));
            }
        }
    }

    /** Rewrites one of the larger files with new bytes of the same size. */
    private static void changeOneFile(Path context, Random random) throws IOException {
        Path file = Files.exists(context.resolve("f1.bin"))
                ? context.resolve("f" + (1 + random.nextInt(180)) + ".bin")
                : context.resolve("pages/section-7/page-3.html");
        write(file, (int) Files.size(file), random);
    }

    /** One side's build: its wall time, what it printed, and (the cold side) its peak RSS. */
    private record Run(double seconds, List<String> output, long peakRssKb) {}

    private static final java.util.regex.Pattern CONTEXT_STEP =
            java.util.regex.Pattern.compile("^#(\\d+) \\[internal] load build context$");

    /**
     * The duration the daemon gives its {@code [internal] load build context} step, in seconds, from a
     * build's plain progress ({@code #6 [internal] load build context} ... {@code #6 DONE 7.2s}). The
     * last DONE counts: Engine 20.10 runs that step twice, an instant for its cache key, then the
     * transfer.
     */
    static double contextTransfer(List<String> output) {
        String done = null;
        double seconds = Double.NaN;
        for (String line : output) {
            String text = line.strip();
            java.util.regex.Matcher step = CONTEXT_STEP.matcher(text);
            if (step.matches()) {
                done = "#" + step.group(1) + " DONE ";
            } else if (done != null && text.startsWith(done) && text.endsWith("s")) {
                seconds = Double.parseDouble(text.substring(done.length(), text.length() - 1));
            }
        }
        if (Double.isNaN(seconds)) {
            throw new IllegalStateException(
                    "no load build context step in the build's output:\n" + String.join("\n", output));
        }
        return seconds;
    }

    private static Run warm(DockerBuildPush engine, Path context) {
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        engine.run(
                BuildPushRequest.builder(context)
                        .withTag("bench/engine:warm")
                        .withBuildArg("SIDE", "warm")
                        .withBuilder(Builder.BUILDKIT)
                        .withPush(false)
                        .build(),
                output::add);
        return new Run((System.nanoTime() - start) / 1e9, List.copyOf(output), 0);
    }

    private static Run cli(Path context, Path config) throws IOException, InterruptedException {
        String created = java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        // as in a Jenkins sh step: not a terminal, so plain progress, which the job's log reads
        ProcessBuilder pb = new ProcessBuilder(
                CLI,
                "build",
                "--progress=plain",
                "--build-arg",
                "SIDE=cli",
                "--label",
                "org.opencontainers.image.created=" + created,
                "-t",
                "bench/cli:1",
                context.toString());
        pb.environment().put("DOCKER_BUILDKIT", "1");
        pb.environment().put("DOCKER_CONFIG", config.toString()); // its node id, so its shared key, lives here
        return run(pb);
    }

    /**
     * What a cold run costs before it does anything: {@code bin/docker-delivery --version} (the JVM, the
     * class archive, the jar, picocli), the median of three, as the cold side runs it.
     */
    private static double startUp(Path launcher, Path home) throws IOException, InterruptedException {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version");
            pb.environment().put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
            times.add(run(pb).seconds());
        }
        return BuildBenchmark.median(times);
    }

    private static Run cold(Path context, Path launcher, Path home) throws IOException, InterruptedException {
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
                "--build-arg",
                "SIDE=cold",
                "--no-push",
                "--builder",
                "buildkit");
        // the launcher's own JVM options and class archive; only the home (where the node id lives) differs
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
        Run measured = run(pb);
        long kb = Long.parseLong(Files.readString(rss)
                .trim()
                .lines()
                .reduce((a, b) -> b)
                .orElse("0")
                .trim());
        Files.delete(rss);
        return new Run(measured.seconds(), measured.output(), kb);
    }

    /**
     * With {@code BENCH_PRUNE=1} (the test environment's own daemon), the images and the daemon's build
     * cache are removed before the first run and after each: a run of the old site leaves about 16 GB
     * behind (the contexts the daemon keeps and the COPY layers of three sides), and three runs would fill
     * a small disk.
     */
    private static void pruneIfAsked() throws IOException, InterruptedException {
        if (!"1".equals(System.getenv("BENCH_PRUNE"))) {
            return;
        }
        timed(new ProcessBuilder(CLI, "rmi", "-f", "bench/cli:1", "bench/engine:warm", "bench/engine:cold"));
        timed(new ProcessBuilder(CLI, "image", "prune", "-f")); // the images each rebuild untagged
        timed(new ProcessBuilder(CLI, "builder", "prune", "-af"));
    }

    /**
     * One build of a tiny context through the launcher before any timing: the first build-push after a
     * build of the jar writes the launcher's class archive, which every later run (a user's too) maps.
     */
    private static void warmUpLauncher(Path launcher, String base, Path homes)
            throws IOException, InterruptedException {
        Path tiny = Files.createDirectories(homes.resolve("tiny-context"));
        Files.writeString(tiny.resolve("Dockerfile"), "FROM " + base + "\n");
        ProcessBuilder pb = new ProcessBuilder(
                launcher.toString(),
                "build-push",
                "--context",
                tiny.toString(),
                "--tag",
                "bench/engine:warm-up",
                "--no-push",
                "--builder",
                "buildkit");
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Duser.home=" + homes.resolve("warm-up"));
        timed(pb);
    }

    private static double timed(ProcessBuilder pb) throws IOException, InterruptedException {
        return run(pb).seconds();
    }

    private static Run run(ProcessBuilder pb) throws IOException, InterruptedException {
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
        return new Run(
                seconds, new String(output, StandardCharsets.UTF_8).lines().toList(), 0);
    }
}
