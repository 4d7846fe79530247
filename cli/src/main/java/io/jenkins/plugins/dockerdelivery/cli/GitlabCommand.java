package io.jenkins.plugins.dockerdelivery.cli;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.TextFields;
import io.jenkins.plugins.dockerdelivery.gitlab.BoundedBody;
import io.jenkins.plugins.dockerdelivery.gitlab.Decision;
import io.jenkins.plugins.dockerdelivery.gitlab.DeliveryMemory;
import io.jenkins.plugins.dockerdelivery.gitlab.TriggerSettings;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookDecider;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookRejected;
import io.jenkins.plugins.dockerdelivery.gitlab.WebhookRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "gitlab",
        description = "GitLab webhooks.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {GitlabCommand.Decide.class})
final class GitlabCommand extends CommandGroup {

    @Command(
            name = "decide",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            description = {
                "Why didn't my push build? Runs the plugin's own decision for a job's trigger settings on a"
                        + " webhook payload read from standard input, and prints the verdict, the reason and the"
                        + " build parameters.",
                "Exit code: 0 = would build, 1 = would not build, 2 = the request is rejected."
            })
    static final class Decide implements Callable<Integer> {
        private static final Pattern OBJECT_KIND = Pattern.compile("\"object_kind\"\\s*:\\s*\"([a-z_]+)\"");

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--settings",
                required = true,
                paramLabel = "FILE",
                description = "The job's trigger settings (YAML; see docs/gitlab-trigger.md).")
        Path settingsFile;

        @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the job's secret token.")
        Path tokenFile;

        @Option(names = "--header", paramLabel = "NAME:VALUE", description = "A request header (repeatable).")
        List<String> headers = new ArrayList<>();

        @Option(
                names = "--headers-file",
                paramLabel = "FILE",
                description =
                        "Request headers, one 'Name: value' a line, as"
                                + " GitLab shows them under Recent events. Use it for X-Gitlab-Token: a token on the command line is visible to others.")
        Path headersFile;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            TriggerSettings settings = TriggerSettings.parse(settingsFile.toString(), Inputs.read(settingsFile));
            if (tokenFile != null) {
                settings = settings.withSecretToken(Inputs.secretFile(tokenFile, "token"));
            }
            Map<String, String> requestHeaders = new LinkedHashMap<>();
            if (headersFile != null) {
                String[] lines = Inputs.read(headersFile).split("\\r?\\n");
                for (int i = 0; i < lines.length; i++) {
                    if (!lines[i].isBlank()) {
                        put(requestHeaders, lines[i], headersFile + ", line " + (i + 1));
                    }
                }
            }
            for (int i = 0; i < headers.size(); i++) {
                String header = headers.get(i);
                put(requestHeaders, header, "--header (number " + (i + 1) + ")");
                if (header.toLowerCase(java.util.Locale.ROOT).startsWith("x-gitlab-token")) {
                    err.println(
                            "warning: a token given with --header is visible to other users of this machine; use --headers-file");
                }
            }
            byte[] body;
            try {
                body = BoundedBody.read(System.in, -1, BoundedBody.DEFAULT_LIMIT);
            } catch (WebhookRejected e) {
                return print(out, new Decision(Decision.Verdict.REJECTED, e.status(), e.getMessage(), Map.of(), null));
            }
            requestHeaders.putIfAbsent("Content-Type", "application/json");
            if (!containsIgnoreCase(requestHeaders, WebhookRequest.EVENT_HEADER)) {
                String inferred = inferEvent(body);
                if (inferred != null) {
                    err.println("note: no " + WebhookRequest.EVENT_HEADER + " header given; the payload says '"
                            + inferred + "'");
                    requestHeaders.put(WebhookRequest.EVENT_HEADER, inferred);
                }
            }
            Decision decision = new WebhookDecider(new DeliveryMemory())
                    .decide(new WebhookRequest("POST", requestHeaders, body), settings, settingsFile.toString());
            return print(out, decision);
        }

        private static int print(PrintWriter out, Decision decision) {
            String verdict = switch (decision.verdict()) {
                case BUILD -> "would build";
                case REJECTED -> "rejected";
                default -> "would not build";
            };
            out.println("verdict:  " + decision.verdict() + " (" + verdict + ")");
            out.println("reason:   " + decision.reason());
            out.println("answer:   HTTP " + decision.status() + " " + decision.reply());
            if (!decision.parameters().isEmpty()) {
                out.println("parameters:");
                // values come from the payload: shown escaped and cut, so that none forges a line
                decision.parameters().forEach((k, v) -> out.println("  " + k + "=" + TextFields.excerpt(v)));
            }
            out.flush();
            return switch (decision.verdict()) {
                case BUILD -> ExitCodes.OK;
                case REJECTED -> ExitCodes.INVALID_INPUT;
                default -> ExitCodes.FAILED;
            };
        }

        private static String inferEvent(byte[] body) {
            Matcher m = OBJECT_KIND.matcher(new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8));
            if (!m.find()) {
                return null;
            }
            return switch (m.group(1)) {
                case "push" -> "Push Hook";
                case "tag_push" -> "Tag Push Hook";
                default -> null;
            };
        }

        private static boolean containsIgnoreCase(Map<String, String> headers, String name) {
            return headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
        }

        /** A line that is not a header may be a token pasted on its own: say where it is, never what it holds. */
        private static void put(Map<String, String> headers, String line, String where) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new InvalidInputException(where + ": not a header (expected Name: value; the line is not"
                        + " shown, it may hold a token)");
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase(WebhookRequest.TOKEN_HEADER)) {
                RunSecrets.current().add(Secret.of(value));
            }
            headers.put(name, value);
        }
    }
}
