package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.docker.Builder;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import io.jenkins.plugins.dockerdelivery.graph.DirectoryScanner;
import io.jenkins.plugins.dockerdelivery.graph.GraphRenderer;
import io.jenkins.plugins.dockerdelivery.graph.ImageGraph;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlanner;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import io.jenkins.plugins.dockerdelivery.rebuild.DirectoryRebuild;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildListener;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildOrchestrator;
import io.jenkins.plugins.dockerdelivery.rebuild.RebuildSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "rebuild",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Builds and pushes the producers of DIR that are built FROM the --changed images, directly or through"
                    + " others (or, with --all, the whole tree, bases first), in waves: each once, after its parents,"
                    + " each FROM the digest its parents just pushed.",
            "A failure skips only the producers built from it. Prints the progress, then a summary table.",
            "Exit code: 0 when every producer was built, 1 when any failed or was skipped, 2 for bad input.",
            "The registry password is read from standard input (--registry-password-stdin) or from the environment"
                    + " variable " + RegistryOptions.PASSWORD_ENV + ", never from an argument."
        })
final class RebuildCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The tree: one producer per Dockerfile.")
    Path dir;

    @ArgGroup(multiplicity = "1")
    What what;

    static final class What {
        @Option(
                names = "--changed",
                split = ",",
                paramLabel = "IMAGE[@DIGEST]",
                description = "A rebuilt image (repeatable, or comma-separated). With @sha256:..., the first"
                        + " wave is pinned to that digest.")
        List<String> changed;

        @Option(names = "--all", description = "Rebuild every producer of the tree, bases first.")
        boolean all;
    }

    @Option(
            names = "--concurrency",
            defaultValue = "2",
            paramLabel = "N",
            description = "How many producers of a wave to build at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--dry-run", description = "Print the plan and the pins it starts from; build nothing.")
    boolean dryRun;

    @Option(
            names = "--no-push",
            description = "Build and tag only. Nothing is pushed, so nothing can be pinned: each child builds FROM"
                    + " the tag its parent just built on this daemon.")
    boolean noPush;

    @Option(
            names = "--match",
            defaultValue = "TAG",
            description = "TAG: base:7 reaches FROM base:7 only (default); REPOSITORY: any tag of the repository.")
    MatchLevel match;

    @Option(
            names = "--build-arg",
            paramLabel = "NAME=VALUE",
            description = "Overrides a build arg of every producer (repeatable).")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(
            names = "--builder",
            defaultValue = "auto",
            description = "auto, buildkit or classic (default: ${DEFAULT-VALUE}).")
    String builder;

    @Option(names = "--revision", description = "The commit built (label org.opencontainers.image.revision).")
    String revision;

    @picocli.CommandLine.Mixin
    RegistryOptions registryOptions = new RegistryOptions();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (concurrency < 1) {
            throw new InvalidInputException("--concurrency must be at least 1, not " + concurrency);
        }
        Builder builderKind = Builder.parse(builder, "--builder");
        Map<String, DirectoryScanner.ProducerSource> sources = DirectoryScanner.sources(dir);
        ImageGraph graph = DirectoryScanner.scan(dir, buildArgs);
        List<BasePin> changedPins = new ArrayList<>();
        RebuildPlan plan;
        if (what.all) {
            plan = RebuildPlanner.planAll(graph, match);
        } else {
            List<ImageReference> changed = new ArrayList<>();
            for (String text : what.changed) {
                ImageReference image = ImageReference.parse(text);
                if (image.digest() != null) {
                    changedPins.add(new BasePin(image, "given with --changed"));
                }
                changed.add(image.withoutDigest());
            }
            plan = RebuildPlanner.plan(graph, changed, match);
        }
        out.print(GraphRenderer.plan(plan));
        changedPins.forEach(
                p -> out.println("The first wave builds on " + p.image().familiar()));
        out.flush();
        if (dryRun) {
            return plan.cycles().isEmpty() && plan.skipped().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
        RegistryCredentials credentials = registryOptions.credentials(firstRegistry(plan, graph));

        ConsoleListener console = new ConsoleListener(out);
        RebuildListener listener = RebuildListener.writingTo(console);
        if (noPush) {
            listener.log("--no-push: nothing is pushed, so no base is pinned; each child builds FROM the tag"
                    + " its parent just built on this daemon");
        }
        DirectoryRebuild build = new DirectoryRebuild(
                sources,
                buildArgs,
                request -> {
                    request.withBuilder(builderKind).withPush(!noPush).withRevision(revision);
                    return credentials == null ? request : request.withCredentials(credentials);
                },
                match,
                new DockerBuildPush(DockerEndpoint.fromEnvironment(System.getenv())),
                console);
        RebuildOrchestrator orchestrator = new RebuildOrchestrator(build, concurrency, listener, Clock.systemUTC());
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            orchestrator.cancel("interrupted (Ctrl-C)");
            try {
                finished.await(30, TimeUnit.SECONDS); // let the builds stop and the summary print
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        RebuildSummary summary;
        try {
            summary = orchestrator.run(orchestrator.start(plan, match, changedPins));
            out.println();
            out.print(summary.table());
            out.flush();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the latch just released
            }
        }
        return summary.allBuilt() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The registry the credentials are for by default: that of the first image to be built. */
    private static String firstRegistry(RebuildPlan plan, ImageGraph graph) {
        return plan.producers().stream()
                .flatMap(p -> graph.producer(p).images().stream())
                .map(ImageReference::registry)
                .findFirst()
                .orElse(ImageReference.DEFAULT_REGISTRY);
    }
}
