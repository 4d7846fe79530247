package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.TextFiles;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileAnalysis;
import io.jenkins.plugins.dockerdelivery.dockerfile.DockerfileAnalyzer;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "dockerfile",
        description = "Reads Dockerfiles.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {DockerfileCommand.Bases.class})
final class DockerfileCommand extends CommandGroup {

    @Command(
            name = "bases",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            description = "Prints the external base images of a Dockerfile, one a line: FROM images that are not"
                    + " stages or scratch, COPY --from and RUN --mount from= images.")
    static final class Bases implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The Dockerfile.")
        Path file;

        @Option(names = "--build-arg", paramLabel = "NAME=VALUE", description = "A build arg (repeatable).")
        Map<String, String> buildArgs = new LinkedHashMap<>();

        @Option(names = "--target", description = "Only the bases the build of this stage uses.")
        String target;

        @Override
        public Integer call() {
            // read as BuildKit reads it: a byte that is not UTF-8 (in a comment, say) is a warning
            TextFiles.Text text = TextFiles.read(file, TextFiles.DEFAULT_LIMIT);
            if (text.firstBadLine() > 0) {
                spec.commandLine()
                        .getErr()
                        .println("warning: " + TextFiles.notUtf8(file, text.firstBadLine())
                                + "; read with replacement characters there");
            }
            DockerfileAnalysis analysis = DockerfileAnalyzer.analyze(file.toString(), text.text(), buildArgs);
            analysis.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            for (ImageReference base : target == null ? analysis.externalBases() : analysis.externalBases(target)) {
                spec.commandLine().getOut().println(base);
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
