package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.ssh.ExecResult;
import io.jenkins.plugins.dockerdelivery.ssh.OutputLine;
import io.jenkins.plugins.dockerdelivery.ssh.ShellQuote;
import io.jenkins.plugins.dockerdelivery.ssh.SshSession;
import java.time.Duration;

/**
 * {@code deploy --validate} / {@code validate: true}: reads the environment file over the deploy's SSH
 * connection and validates it with the deploy's environment, so that a file Maestro would refuse stops
 * the deploy before anything is pulled or restarted. An invalid file is an {@link
 * InvalidInputException}: the same exit code (2) as {@code maestro validate} gives it.
 */
public final class RemoteValidation {
    private RemoteValidation() {}

    public static void validate(SshSession session, MaestroDeployRequest request, ProgressListener listener) {
        String path = request.directory() + "/" + request.fileOnHost();
        StringBuilder text = new StringBuilder();
        // head -c: never more than the validator reads, whatever the file is (a device, a huge log)
        ExecResult read = session.exec(
                "head -c " + (MaestroValidator.MAX_CHARACTERS + 1) + " " + ShellQuote.quote(path),
                Duration.ofMinutes(1),
                (stream, line) -> {
                    if (stream == OutputLine.Stream.STDOUT) {
                        text.append(line).append('\n');
                    }
                });
        if (read.exitStatus() != 0) {
            throw new InvalidInputException("Cannot read " + path + " on " + request.target() + ": "
                    + read.stderrTail().strip());
        }
        ValidationReport report = MaestroValidator.validate(path, text.toString(), request.environment(), null);
        if (!report.checked()) {
            listener.warn(path + " was not validated before the deploy: " + report.notChecked());
            return;
        }
        report.warnings().forEach(w -> listener.warn(w.toString()));
        if (!report.valid()) {
            throw new InvalidInputException("The deploy did not start: " + path + " is not valid:\n  "
                    + String.join(
                            "\n  ",
                            report.errors().stream()
                                    .map(ValidationReport.Problem::toString)
                                    .toList()));
        }
        listener.log(path + ": valid");
    }
}
