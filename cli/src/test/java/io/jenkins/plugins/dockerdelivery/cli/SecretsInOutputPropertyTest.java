package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Over the CLI's error paths (usage errors, bad input, engine errors): a secret given to the run, as
 * a registry password, an SSH passphrase or password, or a webhook token, by standard input, the
 * environment or a file, or pasted by mistake where an option's value goes, never appears in anything
 * the run prints.
 */
class SecretsInOutputPropertyTest {
    private static final String[] TAGS = {"127.0.0.1:5000/app:1", "team/app:2"};

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars('-', '_', '.', '!', '@', '%', '+', '$', '"', '\'')
                .ofMinLength(8)
                .ofMaxLength(40);
    }

    @Property(tries = 300)
    void noSecretInAnyOutput(@ForAll("secrets") String secret, @ForAll @IntRange(min = 0, max = 19) int path)
            throws IOException {
        Path dir = Files.createTempDirectory("secrets-property");
        try {
            CliRunner.Result r = run(path, secret, dir);
            assertThat(r.out() + r.err()).as("error path %d", path).doesNotContain(secret);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    private static CliRunner.Result run(int path, String secret, Path dir) throws IOException {
        Map<String, String> noEnv = Map.of();
        Map<String, String> passwordEnv = Map.of(BuildPushCommand.PASSWORD_ENV, secret);
        String missing = dir.resolve("no-such-context").toString();
        Path settings = Files.writeString(dir.resolve("settings.yaml"), "requireToken: true\n");
        Path tokenFile = Files.writeString(dir.resolve("token"), secret + "\n");
        return switch (path) {
            // pasted where an option's value goes
            case 0 ->
                CliRunner.runWithInput(
                        null,
                        noEnv,
                        "build-push",
                        "--context",
                        ".",
                        "-t",
                        TAGS[0],
                        "--registry-password-stdin=" + secret);
            case 1 ->
                CliRunner.runWithInput(
                        null,
                        noEnv,
                        "build-push",
                        "--context",
                        ".",
                        "-t",
                        TAGS[0],
                        "--registry-password-stdin",
                        secret);
            case 2 ->
                CliRunner.runWithInput(
                        null, noEnv, "deploy", "--host", "h", "--user", "u", "--passphrase-stdin=" + secret);
            case 3 ->
                CliRunner.runWithInput(
                        null, noEnv, "deploy", "--host", "h", "--user", "u", "--password-stdin=" + secret);
            case 4 ->
                CliRunner.runWithInput(
                        null, noEnv, "build-push", "--context", ".", "-t", TAGS[1], "--build-arg", secret);
            case 5 ->
                CliRunner.runWithInput(
                        null, noEnv, "gitlab", "decide", "--settings", settings.toString(), "--header", secret);
            case 6 -> {
                Path headers = Files.writeString(dir.resolve("headers"), "X-Gitlab-Event: Push Hook\n" + secret + "\n");
                yield CliRunner.runWithInput(
                        "{}",
                        noEnv,
                        "gitlab",
                        "decide",
                        "--settings",
                        settings.toString(),
                        "--headers-file",
                        headers.toString());
            }
            // given properly, then echoed by a mistake elsewhere
            case 7 ->
                CliRunner.runWithInput(
                        secret + "\n",
                        noEnv,
                        "build-push",
                        "--context",
                        missing,
                        "-t",
                        TAGS[0],
                        "--registry-user",
                        "u",
                        "--registry-password-stdin",
                        "--build-arg",
                        "PW=" + secret);
            case 8 ->
                CliRunner.runWithInput(
                        null, passwordEnv, "build-push", "--context", missing, "-t", TAGS[0], "--registry-user", "u");
            case 9 ->
                CliRunner.runWithInput(
                        null,
                        passwordEnv,
                        "build-push",
                        "--context",
                        ".",
                        "-t",
                        secret.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "") + "/UPPER:1",
                        "--registry-user",
                        "u");
            case 10 ->
                CliRunner.runWithInput(
                        null,
                        passwordEnv,
                        "build-push",
                        "--context",
                        ".",
                        "-t",
                        "app:" + secret,
                        "--registry-user",
                        "u");
            case 11 ->
                CliRunner.runWithInput(
                        null, passwordEnv, "build-push", "--context", ".", "-t", TAGS[0], "--builder", secret);
            case 12 ->
                CliRunner.runWithInput(
                        null, passwordEnv, "build-push", "--context", ".", "-t", TAGS[0], "--push-attempts", secret);
            case 13 -> CliRunner.runWithInput(null, passwordEnv, "build-push", "--nope=" + secret);
            case 14 ->
                CliRunner.runWithInput(
                        "not json " + secret,
                        noEnv,
                        "gitlab",
                        "decide",
                        "--settings",
                        settings.toString(),
                        "--token-file",
                        tokenFile.toString(),
                        "--header",
                        "X-Gitlab-Event: Push Hook");
            case 15 ->
                CliRunner.runWithInput(
                        "{\"object_kind\":\"push\",\"ref\":\"" + secret + "\"}",
                        noEnv,
                        "gitlab",
                        "decide",
                        "--settings",
                        settings.toString(),
                        "--header",
                        "X-Gitlab-Token: " + secret);
            case 16 ->
                CliRunner.runWithInput(
                        null,
                        Map.of("DOCKER_DELIVERY_SSH_PASSPHRASE", secret),
                        "deploy",
                        "--host",
                        secret,
                        "--user",
                        "u",
                        "--port",
                        secret);
            case 17 ->
                CliRunner.runWithInput(
                        null,
                        noEnv,
                        "rebuild",
                        dir.toString(),
                        "--changed",
                        "a",
                        "--registry-password-stdin=" + secret);
            case 18 ->
                CliRunner.runWithInput(
                        secret + "\n",
                        noEnv,
                        "rebuild",
                        missing,
                        "--changed",
                        secret,
                        "--registry-user",
                        "u",
                        "--registry-password-stdin");
            default -> {
                List<String> args = new ArrayList<>(List.of("graph", "plan", dir.toString(), "--changed", secret));
                yield CliRunner.runWithInput(null, passwordEnv, args.toArray(String[]::new));
            }
        };
    }
}
