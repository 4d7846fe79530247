package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.ssh.ExecResult;
import io.jenkins.plugins.dockerdelivery.ssh.OutputLine;
import io.jenkins.plugins.dockerdelivery.ssh.ShellQuote;
import io.jenkins.plugins.dockerdelivery.ssh.SshSession;
import io.jenkins.plugins.dockerdelivery.ssh.SshSettings;
import java.time.Duration;
import java.util.List;

/**
 * Runs a deploy on one SSH connection ({@link MaestroDeployment} says in which steps): the host key
 * is checked and the file optionally validated before anything else, then each Maestro command runs
 * on its own channel and the result says per instance what changed.
 */
public final class MaestroDeployer {
    private final SshSettings settings;

    public MaestroDeployer(SshSettings settings) {
        this.settings = settings;
    }

    public MaestroDeployer() {
        this(SshSettings.defaults());
    }

    public DeployResult deploy(MaestroDeployRequest request, ProgressListener rawListener) {
        ProgressListener listener = rawListener.masking(request.auth().secrets());
        long started = System.nanoTime();
        try (SshSession session =
                SshSession.open(request.target(), request.auth(), request.hostKeys(), settings, listener)) {
            if (request.validateFirst()) {
                RemoteValidation.validate(session, request, listener);
            }
            // for the warning about services without a running check
            String text = request.settle().isZero() ? read(session, request) : null;
            listener.log("Deploying on " + request.target() + " in " + request.directory());
            Duration spent = Duration.ofNanos(System.nanoTime() - started);
            MaestroDeployment deployment = new MaestroDeployment(
                    session::exec, request, listener, request.timeout().minus(spent));
            String file = text;
            return deployment.run(services -> {
                if (file != null && request.settle().isZero()) {
                    warnAboutServicesWithoutRunningChecks(request, file, services, listener);
                }
            });
        }
    }

    /** Reads the environment file over the connection; null when it cannot be read. */
    private static String read(SshSession session, MaestroDeployRequest request) {
        String path = path(request);
        StringBuilder text = new StringBuilder();
        ExecResult read = session.exec(
                "head -c " + (MaestroValidator.MAX_CHARACTERS + 1) + " " + ShellQuote.quote(path),
                Duration.ofMinutes(1),
                (stream, line) -> {
                    if (stream == OutputLine.Stream.STDOUT) {
                        text.append(line).append('\n');
                    }
                });
        if (read.exitStatus() != 0) {
            return null; // Maestro itself will say what is wrong with the file
        }
        return text.toString();
    }

    private static String path(MaestroDeployRequest request) {
        return request.fileOnHost().startsWith("/")
                ? request.fileOnHost()
                : request.directory() + "/" + request.fileOnHost();
    }

    /**
     * Services without a running check are where Maestro's "started" means least (a container that
     * exits a second later is reported started): name them, and the settle check that guards them.
     */
    private static void warnAboutServicesWithoutRunningChecks(
            MaestroDeployRequest request, String text, List<String> services, ProgressListener listener) {
        if (text.contains("{% include") || text.contains("{%- include")) {
            return; // it has parts not read here
        }
        List<String> without;
        try {
            without = RunningChecks.servicesWithout(path(request), text, request.environment(), services);
        } catch (RuntimeException e) {
            return; // not readable here: Maestro's own reading decides
        }
        if (!without.isEmpty()) {
            listener.warn((without.size() == 1 ? "Service " : "Services ") + String.join(", ", without)
                    + (without.size() == 1 ? " has" : " have")
                    + " no running check: Maestro reports an instance started even if it exits right after."
                    + " Add a running check (lifecycle: running:) or a settle time (--settle SECONDS, settle:)"
                    + " so that the deploy checks that it still runs.");
        }
    }
}
