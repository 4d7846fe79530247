package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.maestro.MaestroValidator;
import io.jenkins.plugins.dockerdelivery.maestro.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "maestro",
        description = "Maestro-NG environment files.",
        mixinStandardHelpOptions = true,
        subcommands = {MaestroCommand.Validate.class})
final class MaestroCommand extends CommandGroup {

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = {
                "Checks a maestro.yaml as Maestro-NG would read it: renders its Jinja2 template with --env values,"
                        + " reads the YAML safely and checks ships, services, instances and dependencies.",
                "Exit code 0 = valid, 1 = errors found, 2 = the file cannot be read as YAML at all."
            })
    static final class Validate implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The environment file.")
        Path file;

        @Option(
                names = {"-e", "--env"},
                paramLabel = "NAME=VALUE",
                description = "A value of env for the template (repeatable).")
        Map<String, String> env = new LinkedHashMap<>();

        @Option(
                names = "--image",
                paramLabel = "REF",
                description = "Also list the services and instances that run this image.")
        String image;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (Files.isRegularFile(file) && Files.size(file) > MaestroValidator.MAX_CHARACTERS) {
                throw new InvalidInputException(file + ": the file is " + Files.size(file) / (1024 * 1024)
                        + " MB; an environment file" + " has a few kilobytes, and this reader stops at "
                        + MaestroValidator.MAX_CHARACTERS / (1024 * 1024) + " MB. Is it the right file?");
            }
            Path parent = file.toAbsolutePath().getParent();
            ValidationReport report = MaestroValidator.validate(file.toString(), Inputs.read(file), env, parent);
            report.errors().forEach(p -> out.println("error: " + p));
            report.warnings().forEach(p -> out.println("warning: " + p));
            if (image != null) {
                ImageReference wanted = ImageReference.parse(image);
                var uses = report.uses(wanted);
                if (uses.isEmpty()) {
                    out.println("no service runs " + wanted.familiarRepository());
                }
                for (ValidationReport.ImageUse use : uses) {
                    out.println("uses " + wanted.familiarRepository() + ": service " + use.service()
                            + (use.instance() == null ? "" : ", instance " + use.instance()) + " -> tag "
                            + (use.image().tag() == null
                                    ? use.image().digest()
                                    : use.image().tag()) + " (line " + use.line() + ")");
                }
            }
            out.println(
                    report.valid()
                            ? file + ": valid"
                            : file + ": " + report.errors().size() + " error(s)");
            out.flush();
            return report.valid() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
