package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.SecretMasker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every secret one run of the CLI was given: the registry password, the SSH password or passphrase,
 * the webhook token. The run's standard output and error go through a {@link MaskingWriter} that
 * masks them, so no message of any command (an engine error, a usage error, a stack trace) can show
 * one; commands register a secret by reading it through {@link Inputs}.
 */
final class RunSecrets {
    /** The environment variables commands read secrets from: masked from the start of the run. */
    static final List<String> ENVIRONMENT =
            List.of(BuildPushCommand.PASSWORD_ENV, "DOCKER_DELIVERY_SSH_PASSWORD", "DOCKER_DELIVERY_SSH_PASSPHRASE");

    private static final ThreadLocal<RunSecrets> CURRENT = new ThreadLocal<>();
    /** Outside a run (a command object called directly by a test) secrets are only kept here. */
    private static final RunSecrets NONE = new RunSecrets(System.getenv());

    private RunSecrets(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    private final Map<String, String> environment;
    private final List<Secret> secrets = new CopyOnWriteArrayList<>();
    private volatile SecretMasker masker = SecretMasker.of();

    /** The secrets of the run on this thread. */
    static RunSecrets current() {
        RunSecrets run = CURRENT.get();
        return run == null ? NONE : run;
    }

    /** Starts a run on this thread, with the secrets of the environment already known. */
    static RunSecrets start(Map<String, String> environment) {
        RunSecrets run = new RunSecrets(environment);
        for (String name : ENVIRONMENT) {
            String value = environment.get(name);
            if (value != null && !value.isEmpty()) {
                run.add(Inputs.fromEnvironment(value));
            }
        }
        CURRENT.set(run);
        return run;
    }

    static void end() {
        CURRENT.remove();
    }

    /** An environment variable of the run, or null. */
    String getenv(String name) {
        return environment.get(name);
    }

    Secret add(Secret secret) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
            masker = SecretMasker.of(secrets.toArray(Secret[]::new));
        }
        return secret;
    }

    String mask(String text) {
        return masker.mask(text);
    }
}
