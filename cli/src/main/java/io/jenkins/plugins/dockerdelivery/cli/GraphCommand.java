package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.graph.DirectoryScanner;
import io.jenkins.plugins.dockerdelivery.graph.GraphRenderer;
import io.jenkins.plugins.dockerdelivery.graph.ImageGraph;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import io.jenkins.plugins.dockerdelivery.graph.RebuildPlanner;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "graph",
        description = "The base-image dependency graph of a source tree.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {GraphCommand.Scan.class, GraphCommand.Plan.class})
final class GraphCommand extends CommandGroup {

    enum Format {
        table,
        dot,
        mermaid,
        json,
        svg
    }

    /** Options shared by scan and plan. */
    static final class TreeOptions {
        @Parameters(index = "0", paramLabel = "DIR", description = "The tree to scan: one producer per Dockerfile.")
        Path dir;

        @Option(
                names = "--build-arg",
                paramLabel = "NAME=VALUE",
                description = "Overrides a build arg of every producer (repeatable).")
        Map<String, String> buildArgs = new LinkedHashMap<>();

        ImageGraph scan(PrintWriter err) {
            return DirectoryScanner.scan(dir, buildArgs, new ConsoleListener(err));
        }
    }

    @Command(
            name = "scan",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            description = {
                "Walks DIR, reads every Dockerfile (and the docker-delivery.yaml beside it) and prints the graph.",
                "A producer is a directory holding a Dockerfile, or a NAME.Dockerfile / Dockerfile.NAME file."
            })
    static final class Scan implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Mixin
        TreeOptions tree = new TreeOptions();

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "table, dot, mermaid, json or svg (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        public Integer call() {
            ImageGraph graph = tree.scan(spec.commandLine().getErr());
            String out = switch (format) {
                case table -> GraphRenderer.table(graph);
                case dot -> GraphRenderer.dot(graph);
                case mermaid -> GraphRenderer.mermaid(graph);
                case json -> graph.toJson() + "\n";
                case svg -> GraphRenderer.svg(graph, Set.of());
            };
            spec.commandLine().getOut().print(out);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "plan",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            description =
                    "Prints which producers of DIR to rebuild, wave by wave, after the --changed images were rebuilt.")
    static final class Plan implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Mixin
        TreeOptions tree = new TreeOptions();

        @Option(
                names = "--changed",
                required = true,
                split = ",",
                paramLabel = "IMAGE",
                description = "A rebuilt image (repeatable, or comma-separated).")
        List<String> changed;

        @Option(
                names = "--match",
                defaultValue = "TAG",
                description =
                        "TAG: base:7 reaches FROM base:7 only (default);" + " REPOSITORY: any tag of the repository.")
        MatchLevel match;

        enum PlanFormat {
            text,
            json
        }

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        PlanFormat format;

        @Override
        public Integer call() throws Exception {
            if (changed.isEmpty() || changed.stream().anyMatch(String::isBlank)) {
                throw new InvalidInputException(
                        "--changed has an empty image name: give one or more images, separated by commas");
            }
            List<ImageReference> images =
                    changed.stream().map(ImageReference::parse).toList();
            RebuildPlan plan = RebuildPlanner.plan(tree.scan(spec.commandLine().getErr()), images, match);
            String out = format == PlanFormat.json
                    ? new com.fasterxml.jackson.databind.ObjectMapper()
                                    .writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(plan)
                            + "\n"
                    : GraphRenderer.plan(plan);
            spec.commandLine().getOut().print(out);
            spec.commandLine().getOut().flush();
            return plan.cycles().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
