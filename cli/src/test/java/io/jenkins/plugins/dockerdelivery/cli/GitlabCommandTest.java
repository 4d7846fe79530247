package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitlabCommandTest {
    @TempDir
    Path dir;

    String push;
    Path settings;
    Path token;
    Path headers;

    @BeforeEach
    void setUp() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/gitlab/push.json")) {
            push = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        settings = Files.writeString(
                dir.resolve("settings.yaml"), "project: team/shop\nbranches: {exclude: ['feature/*']}\n");
        token = Files.writeString(dir.resolve("token"), "the-token\n");
        headers = Files.writeString(dir.resolve("headers"), "X-Gitlab-Event: Push Hook\nX-Gitlab-Token: the-token\n");
    }

    @Test
    void wouldBuildPrintsTheParametersAndExitsZero() {
        CliRunner.Result r = CliRunner.runWithInput(
                push,
                "gitlab",
                "decide",
                "--settings",
                settings.toString(),
                "--token-file",
                token.toString(),
                "--headers-file",
                headers.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .startsWith(
                        "verdict:  BUILD (would build)\nreason:   build: push of 3 commits to branch main of team/shop by jsmith")
                .contains("  GITLAB_BRANCH=main\n")
                .contains("  GITLAB_COMPARE_URL=https://gitlab.example.com/team/shop/-/compare/");
        assertThat(r.out() + r.err()).doesNotContain("the-token");
    }

    @Test
    void wouldNotBuildSaysWhyAndExitsOne() {
        CliRunner.Result r = CliRunner.runWithInput(
                push.replace("refs/heads/main", "refs/heads/feature/x"),
                "gitlab",
                "decide",
                "--settings",
                settings.toString(),
                "--token-file",
                token.toString(),
                "--headers-file",
                headers.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("reason:   skipped: branch feature/x excluded by 'feature/*'");
    }

    @Test
    void aWrongTokenIsRejectedAndExitsTwo() {
        CliRunner.Result r = CliRunner.runWithInput(
                push,
                "gitlab",
                "decide",
                "--settings",
                settings.toString(),
                "--token-file",
                token.toString(),
                "--header",
                "X-Gitlab-Token: nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("verdict:  REJECTED").contains("HTTP 401");
        assertThat(r.err())
                .contains("warning: a token given with --header is visible")
                .contains("note: no X-Gitlab-Event header given");
    }

    @Test
    void badSettingsAreAMessage() throws IOException {
        Files.writeString(settings, "project: [unclosed\n");
        CliRunner.Result r = CliRunner.runWithInput(push, "gitlab", "decide", "--settings", settings.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("docker-delivery: " + settings + ":");
    }

    @Test
    void aHeadersFileLineWithoutAColonIsNamedByItsNumberNotItsContent() throws IOException {
        Path pasted = Files.writeString(dir.resolve("pasted"), "X-Gitlab-Event: Push Hook\nglpat-AbCdEf123456\n");
        CliRunner.Result r = CliRunner.runWithInput(
                push, "gitlab", "decide", "--settings", settings.toString(), "--headers-file", pasted.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains(pasted + ", line 2: not a header").doesNotContain("glpat-AbCdEf123456");
        CliRunner.Result flag = CliRunner.runWithInput(
                push, "gitlab", "decide", "--settings", settings.toString(), "--header", "glpat-AbCdEf123456");
        assertThat(flag.err()).contains("--header (number 1): not a header").doesNotContain("glpat-AbCdEf123456");
    }

    @Test
    void aPayloadPastJacksonsLimitsIsARejectionWithExitCodeTwo() {
        CliRunner.Result r = CliRunner.runWithInput(
                "[".repeat(100_000),
                "gitlab",
                "decide",
                "--settings",
                settings.toString(),
                "--header",
                "X-Gitlab-Event: Push Hook");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).contains("HTTP 400").contains("nested more than 64 levels deep");
        assertThat(r.err()).doesNotContain("NullPointerException");
    }

    @Test
    void settingsOfTheWrongTypeAreClearErrors() throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong.yaml"), "requireToken: \"yes please\"\n");
        CliRunner.Result r =
                CliRunner.runWithInput(push, "gitlab", "decide", "--settings", wrong.toString(), "--header", "X: y");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("'requireToken' must be true or false, not 'yes please'");
        Path listProject = Files.writeString(dir.resolve("project.yaml"), "project: [a, b]\n");
        assertThat(CliRunner.runWithInput(push, "gitlab", "decide", "--settings", listProject.toString())
                        .err())
                .contains("'project' must be a single value, not a list");
    }

    @Test
    void aRefWithANewlineIsNeverPrintedRaw() {
        String forged = push.replace("\"refs/heads/main\"", "\"refs/heads/main\\nverdict:  BUILD\"");
        CliRunner.Result r = CliRunner.runWithInput(
                forged, "gitlab", "decide", "--settings", settings.toString(), "--header", "X-Gitlab-Event: Push Hook");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).doesNotContain("\nverdict:  BUILD").contains("main\\nverdict:  BUILD");
    }
}
