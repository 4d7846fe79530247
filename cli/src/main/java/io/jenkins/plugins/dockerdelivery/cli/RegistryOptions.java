package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import picocli.CommandLine.Option;

/** The registry credentials options of every command that pushes; the password never is an argument. */
final class RegistryOptions {
    static final String PASSWORD_ENV = "DOCKER_DELIVERY_REGISTRY_PASSWORD";

    @Option(names = "--registry-user", paramLabel = "USER", description = "The registry user name.")
    String registryUser;

    @Option(names = "--registry-password-stdin", description = "Read the registry password from standard input.")
    boolean passwordStdin;

    @Option(
            names = "--registry",
            paramLabel = "HOST[:PORT]",
            description = "The registry the credentials are for (default: the registry of the first image).")
    String registry;

    /** The credentials given, for {@code defaultRegistry} unless --registry names another; null if none. */
    RegistryCredentials credentials(String defaultRegistry) {
        Secret password = Inputs.secret(passwordStdin, PASSWORD_ENV, "registry password");
        if (registryUser != null) {
            if (password == null) {
                throw new InvalidInputException(
                        "--registry-user needs a password: pipe it to --registry-password-stdin or set "
                                + PASSWORD_ENV);
            }
            return new RegistryCredentials(registry != null ? registry : defaultRegistry, registryUser, password);
        } else if (password != null) {
            throw new InvalidInputException("A registry password was given without --registry-user");
        }
        return null;
    }
}
