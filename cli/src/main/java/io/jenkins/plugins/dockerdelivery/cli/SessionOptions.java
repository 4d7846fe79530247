package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.docker.BuildSecret;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The build-push options the BuildKit session serves, parsed with docker's syntax where docker has
 * one: {@code --secret id=ID,src=FILE|env=VAR}, {@code --ssh ID[=SOCKET]}, and {@code --registry-auth
 * HOST=USER[,password-file=FILE|password-env=VAR]}. Values never come from the command line itself.
 */
final class SessionOptions {
    static final String REGISTRY_PASSWORD_ENV_PREFIX = "DOCKER_DELIVERY_REGISTRY_PASSWORD_";

    private SessionOptions() {}

    /** {@code id=ID,src=FILE} or {@code id=ID,env=VAR} ({@code source=} and {@code type=} accepted too). */
    static BuildSecret secret(String option, Map<String, String> env) {
        Map<String, String> fields = fields(option, "--secret");
        String id = fields.remove("id");
        String src = fields.containsKey("src") ? fields.remove("src") : fields.remove("source");
        String var = fields.remove("env");
        String type = fields.remove("type");
        if (!fields.isEmpty()) {
            // the field's value is not echoed: it may be the secret typed where it must not be
            throw new InvalidInputException("--secret: unknown field '"
                    + fields.keySet().iterator().next() + "' (use id=ID,src=FILE or id=ID,env=VAR)");
        }
        if (type != null && !type.equals("file") && !type.equals("env")) {
            throw new InvalidInputException("--secret: type is file or env, not '" + type + "'");
        }
        if ("env".equals(type) && var == null) {
            var = src;
            src = null;
        }
        if (id == null) {
            id = var != null ? var : src != null ? Path.of(src).getFileName().toString() : null;
        }
        if (id == null || (src == null) == (var == null)) {
            throw new InvalidInputException(
                    "--secret: give id=ID and one of src=FILE or env=VAR (as in id=npmrc,src=.npmrc)");
        }
        if (src != null) {
            try {
                return registered(BuildSecret.ofBytes(id, Files.readAllBytes(Path.of(src))));
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("--secret " + id + ": no such file " + src, e);
            } catch (IOException e) {
                throw new InvalidInputException("--secret " + id + ": cannot read " + src + ": " + e.getMessage(), e);
            }
        }
        String value = env.get(var);
        if (value == null) {
            throw new InvalidInputException("--secret " + id + ": the environment variable " + var + " is not set");
        }
        return registered(BuildSecret.ofText(id, Secret.of(value)));
    }

    /** A build secret is a secret of the run: nothing the run prints shows it (see {@link RunSecrets}). */
    private static BuildSecret registered(BuildSecret secret) {
        RunSecrets.current().add(secret.value());
        return secret;
    }

    /**
     * {@code HOST=USER}, the password read from {@code password-file=FILE}, {@code password-env=VAR}, or
     * else the variable {@code DOCKER_DELIVERY_REGISTRY_PASSWORD_<HOST>} (HOST upper-cased, every other
     * character than a letter or digit an underscore).
     */
    static RegistryCredentials registryAuth(String option, Map<String, String> env) {
        int equals = option.indexOf('=');
        if (equals <= 0) {
            throw new InvalidInputException("--registry-auth " + option + ": use HOST=USER, such as"
                    + " --registry-auth registry.example.com=ci");
        }
        String host = option.substring(0, equals);
        String rest = option.substring(equals + 1);
        String[] parts = rest.split(",");
        String user = parts[0];
        String file = null;
        String var = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].startsWith("password-file=")) {
                file = parts[i].substring("password-file=".length());
            } else if (parts[i].startsWith("password-env=")) {
                var = parts[i].substring("password-env=".length());
            } else {
                String field = parts[i].contains("=") ? parts[i].substring(0, parts[i].indexOf('=')) : "?";
                throw new InvalidInputException("--registry-auth " + host + ": unknown field '" + field
                        + "' (use password-file=FILE or password-env=VAR; a password is never an argument)");
            }
        }
        Secret password;
        if (file != null) {
            password = RunSecrets.current().add(Secret.ofLine(Inputs.read(Path.of(file))));
        } else {
            if (var == null) {
                var = passwordVariable(host);
            }
            String value = env.get(var);
            if (value == null || value.isEmpty()) {
                throw new InvalidInputException(
                        "--registry-auth " + host + ": no password; set " + var + " or add ,password-file=FILE");
            }
            password = RunSecrets.current().add(Inputs.fromEnvironment(value));
        }
        if (password.isEmpty()) {
            throw new InvalidInputException("--registry-auth " + host + ": the password is empty");
        }
        return new RegistryCredentials(host, user, password);
    }

    static String passwordVariable(String host) {
        return REGISTRY_PASSWORD_ENV_PREFIX + host.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Map<String, String> fields(String option, String name) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : option.split(",")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                throw new InvalidInputException(
                        name + ": a field is not KEY=VALUE (use id=ID,src=FILE or id=ID,env=VAR)");
            }
            fields.put(
                    part.substring(0, equals).trim().toLowerCase(Locale.ROOT),
                    part.substring(equals + 1).trim());
        }
        return fields;
    }
}
