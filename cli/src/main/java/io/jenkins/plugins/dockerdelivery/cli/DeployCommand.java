package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.maestro.DeployResult;
import io.jenkins.plugins.dockerdelivery.maestro.MaestroDeployRequest;
import io.jenkins.plugins.dockerdelivery.maestro.MaestroDeployer;
import io.jenkins.plugins.dockerdelivery.ssh.HostKeyPolicy;
import io.jenkins.plugins.dockerdelivery.ssh.SshAuth;
import io.jenkins.plugins.dockerdelivery.ssh.SshTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Deploys with Maestro-NG over SSH: in DIR on the Maestro host, `maestro status`, `maestro pull`,"
                    + " `maestro start` of the instances not running (in dependency order), `maestro restart` of the"
                    + " others (rolling, only changed instances), each on its own channel; then a table of what"
                    + " changed per instance.",
            "Exit code 0 only when every maestro command succeeded and every instance reached its intended"
                    + " state. Progress goes to standard output; a failure to standard error.",
            "Secrets come from standard input or the environment, never from arguments:"
                    + " DOCKER_DELIVERY_SSH_PASSPHRASE, DOCKER_DELIVERY_SSH_PASSWORD."
        })
final class DeployCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", required = true, description = "The Maestro host.")
    String host;

    @Option(names = "--port", defaultValue = "22", description = "The SSH port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--user", required = true, description = "The SSH user.")
    String user;

    @Option(
            names = {"-i", "--identity"},
            paramLabel = "FILE",
            description = "The private key file (OpenSSH or PEM).")
    Path identity;

    @Option(names = "--passphrase-stdin", description = "Read the key's passphrase from standard input.")
    boolean passphraseStdin;

    @Option(
            names = "--password-stdin",
            description = "Log in with a password read from standard input (no --identity).")
    boolean passwordStdin;

    @ArgGroup(exclusive = true, multiplicity = "1")
    HostKeys hostKeys;

    static final class HostKeys {
        @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts with the host's key.")
        Path knownHosts;

        @Option(
                names = "--host-key-fingerprint",
                paramLabel = "SHA256:...",
                description = "The host key's pinned fingerprint.")
        String fingerprint;

        @Option(names = "--insecure-accept-any-host-key", description = "No host key verification. For a lab only.")
        boolean insecure;

        HostKeyPolicy policy() {
            if (knownHosts != null) {
                return HostKeyPolicy.knownHosts(Inputs.read(knownHosts));
            }
            return fingerprint != null ? HostKeyPolicy.fingerprint(fingerprint) : HostKeyPolicy.acceptAnyInsecure();
        }
    }

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "The directory on the Maestro host that holds maestro.yaml.")
    String dir;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "The environment file (default: maestro.yaml).")
    String file;

    @Option(
            names = {"-s", "--service"},
            paramLabel = "SERVICE",
            description = "A service to deploy (repeatable; default: all).")
    List<String> services = new ArrayList<>();

    @Option(names = "--instance", paramLabel = "INSTANCE", description = "An instance to deploy (repeatable).")
    List<String> instances = new ArrayList<>();

    @Option(
            names = {"-e", "--env"},
            paramLabel = "NAME=VALUE",
            description = "Exported for maestro.yaml's templates (repeatable). Not for secrets.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(
            names = {"-c", "--concurrency"},
            defaultValue = "1",
            description = "Instances restarted at once (default: ${DEFAULT-VALUE}, rolling).")
    int concurrency;

    @Option(names = "--step-delay", defaultValue = "0", paramLabel = "SECONDS", description = "Pause between restarts.")
    long stepDelay;

    @Option(
            names = "--settle",
            defaultValue = "0",
            paramLabel = "SECONDS",
            description = "After the restart, wait this long and check with `maestro status` that every instance"
                    + " still runs (the guard for services without a running check; default: no check).")
    long settle;

    @Option(
            names = "--stop-start-delay",
            defaultValue = "0",
            paramLabel = "SECONDS",
            description = "Pause between stop and start.")
    long stopStartDelay;

    @Option(names = "--no-pull", description = "Restart only.")
    boolean noPull;

    @Option(names = "--restart-unchanged", description = "Restart instances whose image did not change too.")
    boolean restartUnchanged;

    @Option(names = "--refresh-images", description = "Have maestro pull again during the restart (-r).")
    boolean refreshImages;

    @Option(
            names = "--validate",
            description = "Read maestro.yaml over SSH and validate it (with --env) before deploying.")
    boolean validate;

    @Option(
            names = "--maestro",
            defaultValue = "maestro",
            description = "The maestro executable on the host (default: ${DEFAULT-VALUE}).")
    String maestro;

    @Option(
            names = "--timeout",
            defaultValue = "1800",
            paramLabel = "SECONDS",
            description = "Stop the deploy after this long, 1 to 604800 (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MaestroDeployRequest.Spec request = MaestroDeployRequest.builder(
                        new SshTarget(host, port, user), auth(), hostKeys.policy())
                .withDirectory(dir)
                .withFile(file)
                .withEnvironment(env)
                .withConcurrency(concurrency)
                .withStepDelay(seconds("--step-delay", stepDelay))
                .withStopStartDelay(seconds("--stop-start-delay", stopStartDelay))
                .withOnlyIfChanged(!restartUnchanged)
                .withRefreshImages(refreshImages)
                .withMaestro(maestro)
                .withValidateFirst(validate)
                .withSettle(seconds("--settle", settle))
                .withTimeout(seconds("--timeout", timeout));
        services.forEach(request::withService);
        instances.forEach(request::withInstance);
        if (noPull) {
            request.withActions(List.of(MaestroDeployRequest.Action.RESTART));
        }
        DeployResult result = new MaestroDeployer().deploy(request.build(), new ConsoleListener(out));
        out.println();
        out.print(result.table());
        if (result.success()) {
            out.println(result.message());
            out.flush();
            return ExitCodes.OK;
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("docker-delivery: " + result.message());
        err.flush();
        return ExitCodes.FAILED;
    }

    /** Seconds as given, refused before anything connects when negative (the request checks the bounds). */
    private static Duration seconds(String option, long seconds) {
        if (seconds < 0) {
            throw new InvalidInputException(option + " must not be negative: " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private SshAuth auth() {
        if (passwordStdin) {
            if (identity != null) {
                throw new InvalidInputException("Choose --identity or --password-stdin, not both");
            }
            return SshAuth.password(Inputs.secret(true, null, "SSH password"));
        }
        if (identity == null) {
            Secret password = Inputs.secret(false, "DOCKER_DELIVERY_SSH_PASSWORD", "SSH password");
            if (password == null) {
                throw new InvalidInputException(
                        "Give --identity FILE (a private key) or a password (--password-stdin)");
            }
            return SshAuth.password(password);
        }
        Secret passphrase = Inputs.secret(passphraseStdin, "DOCKER_DELIVERY_SSH_PASSPHRASE", "key passphrase");
        return SshAuth.privateKey(Secret.of(Inputs.read(identity)), passphrase);
    }
}
