package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.maestro.MaestroValidator;
import io.jenkins.plugins.dockerdelivery.maestro.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        versionProvider = VersionProvider.class,
        subcommands = {MaestroCommand.Validate.class})
final class MaestroCommand extends CommandGroup {

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            description = {
                "Checks a maestro.yaml as Maestro-NG 0.8.3 reads it: renders its Jinja2 template with --env values"
                        + " as Jinja2 does, reads the YAML safely and refuses what Maestro refuses (ships, services,"
                        + " instances, ports, checks, limits, restart policies, dependencies).",
                "Exit code 0 = valid (or not checked: a warning says why), 2 = invalid (the same code as deploy"
                        + " --validate)."
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
            Path parent = file.toAbsolutePath().getParent();
            ValidationReport report = MaestroValidator.validate(file.toString(), read(file), env, parent);
            if (!report.checked()) {
                out.println("warning: " + file + " cannot be checked here: " + report.notChecked());
                out.println(file + ": not checked");
                out.flush();
                return ExitCodes.OK;
            }
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
            if (!report.valid()) {
                // the problems are the report (stdout); the refusal itself goes to stderr, as every refusal
                out.flush();
                PrintWriter err = spec.commandLine().getErr();
                err.println("docker-delivery: " + file + " is not valid: "
                        + report.errors().size() + " error(s)");
                err.flush();
                return ExitCodes.INVALID_INPUT;
            }
            out.println(file + ": valid");
            out.flush();
            return ExitCodes.OK;
        }

        /**
         * At most one character more than the validator reads, whatever the file is: the size of a
         * regular file is checked first, and /dev/zero or a pipe is cut off at the bound.
         */
        private static String read(Path file) throws IOException {
            int max = MaestroValidator.MAX_CHARACTERS;
            if (Files.isRegularFile(file) && Files.size(file) > 4L * max) {
                throw tooLarge(file, Files.size(file) / (1024 * 1024) + " MB");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(4 * max + 1);
            } catch (NoSuchFileException e) {
                throw new InvalidInputException(file + ": no such file", e);
            } catch (IOException e) {
                throw new InvalidInputException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            if (bytes.length > 4 * max) {
                throw tooLarge(file, "more than " + 4 * max / (1024 * 1024) + " MB");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new InvalidInputException(file + ": the file is not UTF-8 text, which Maestro (Jinja2) reads");
            }
            if (text.length() > max) {
                throw tooLarge(file, text.length() / (1024 * 1024) + " MB");
            }
            return text;
        }

        private static InvalidInputException tooLarge(Path file, String size) {
            return new InvalidInputException(file + ": the file is " + size + "; an environment file has a few"
                    + " kilobytes, and this reader stops at " + MaestroValidator.MAX_CHARACTERS / (1024 * 1024)
                    + " MB. Is it the right file?");
        }
    }
}
