package io.jenkins.plugins.dockerdelivery.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushEventParserTest {
    @Test
    void readsEveryFieldABuildNeeds() {
        PushEvent e = PushEventParser.parse(PushEvent.Kind.PUSH, Payloads.read("push.json"));
        assertThat(e.projectId()).isEqualTo(15);
        assertThat(e.projectPath()).isEqualTo("team/shop");
        assertThat(e.httpUrl()).isEqualTo("https://gitlab.example.com/team/shop.git");
        assertThat(e.sshUrl()).isEqualTo("git@gitlab.example.com:team/shop.git");
        assertThat(e.ref()).isEqualTo("refs/heads/main");
        assertThat(e.branch()).isEqualTo("main");
        assertThat(e.tag()).isNull();
        assertThat(e.before()).isEqualTo("95790bf891e76fee5e1747ab589903a6a1f80f22");
        assertThat(e.after()).isEqualTo("c5feabde2d8cd023215af4d2ceeb7a64839fc428");
        assertThat(e.checkoutSha()).isEqualTo(e.after());
        assertThat(e.userName()).isEqualTo("John Smith");
        assertThat(e.userUsername()).isEqualTo("jsmith");
        assertThat(e.userEmail()).isEqualTo("john@example.com");
        assertThat(e.totalCommitsCount()).isEqualTo(3);
        assertThat(e.commits()).hasSize(3);
        assertThat(e.headCommit().message()).isEqualTo("Add the cart page");
        assertThat(e.commits().get(0).authorName()).isEqualTo("Jordi Mallach");
        assertThat(e.commits().get(0).url()).startsWith("https://gitlab.example.com/team/shop/-/commit/");
        assertThat(e.isDeletion()).isFalse();
        assertThat(e.compareUrl())
                .isEqualTo(
                        "https://gitlab.example.com/team/shop/-/compare/95790bf891e76fee5e1747ab589903a6a1f80f22...c5feabde2d8cd023215af4d2ceeb7a64839fc428");
    }

    @Test
    void tagsDeletionsAndNewBranches() {
        PushEvent tag = PushEventParser.parse(PushEvent.Kind.TAG_PUSH, Payloads.read("tag-push.json"));
        assertThat(tag.tag()).isEqualTo("v1.0.0");
        assertThat(tag.branch()).isNull();
        assertThat(tag.compareUrl()).endsWith("/-/commit/82b3d5ae55f7080f1e6022629cdb57bfae7cccc7");
        assertThat(PushEventParser.parse(PushEvent.Kind.PUSH, Payloads.read("branch-deletion.json"))
                        .isDeletion())
                .isTrue();
        assertThat(PushEventParser.parse(PushEvent.Kind.TAG_PUSH, Payloads.read("tag-deletion.json"))
                        .isDeletion())
                .isTrue();
    }

    @Test
    void nonAsciiAndUnknownFieldsAreFine() {
        PushEvent e = PushEventParser.parse(PushEvent.Kind.PUSH, Payloads.read("push-non-ascii.json"));
        assertThat(e.userName()).isEqualTo("Jürgen Größ 山田");
        assertThat(e.branch()).isEqualTo("fix/ünïcode-ß");
        assertThat(PushEventParser.parse(PushEvent.Kind.PUSH, Payloads.read("push-extra-fields.json"))
                        .commits())
                .hasSize(3);
        assertThat(PushEventParser.parse(PushEvent.Kind.PUSH, Payloads.read("push-20-commits.json"))
                        .commits())
                .hasSize(20);
    }

    @Test
    void malformedBodiesAreClearRejections() {
        assertRejected("", "not valid JSON");
        assertRejected("{\"ref\": ", "not valid JSON");
        assertRejected("[1,2]", "not a JSON object");
        assertRejected(
                "{\"object_kind\":\"push\",\"ref\":\"refs/heads/x\",\"before\":\"a\",\"after\":\"b\"}",
                "missing field 'project'");
        assertRejected(
                "{\"project\":{\"path_with_namespace\":\"a/b\"},\"before\":\"a\",\"after\":\"b\"}",
                "missing field 'ref'");
        assertRejected(
                "{\"project\":{},\"ref\":\"refs/heads/x\",\"before\":\"a\",\"after\":\"b\"}",
                "missing field 'project.path_with_namespace'");
        assertRejected(
                "{\"project\":{\"path_with_namespace\":\"a/b\"},\"ref\":\"main\",\"before\":\"a\",\"after\":\"b\"}",
                "not a full ref");
        assertRejected(
                "{\"project\":{\"path_with_namespace\":\"a/b\"},\"ref\":\"refs/heads/x\",\"before\":1,\"after\":\"b\"}",
                "'before' is not a string");
        assertRejected("{\"object_kind\":\"merge_request\"}", "the body is a 'merge_request' event");
        assertRejected(
                "{\"project\":{\"path_with_namespace\":\"a/b\"},\"ref\":\"refs/heads/x\",\"before\":\"a\",\"after\":\"b\",\"commits\":{}}",
                "'commits' is not a list");
    }

    private static final String VALID =
            "{\"project\":{\"path_with_namespace\":\"a/b\"},\"ref\":\"refs/heads/x\",\"before\":\"a\",\"after\":\"b\"";

    @Test
    void jacksonReadLimitsAreRejectionsNamingTheLimitNeverANullPointer() {
        assertRejected("[".repeat(100_000), "nested more than 64 levels deep");
        assertRejected(VALID + ",\"x\":\"" + "a".repeat(4 * 1024 * 1024) + "\"}", "longer than 1048576 characters");
        assertRejected(VALID + ",\"x\":" + "9".repeat(100_000) + "}", "more than 100 digits");
    }

    @Test
    void trailingGarbageAfterTheJsonIsRejected() {
        assertRejected(VALID + "} trailing", "not valid JSON");
        assertRejected(VALID + "}{}", "not valid JSON");
    }

    @Test
    void aRefWithANewlineOrNulIsRejectedAndShownEscaped() {
        assertThatThrownBy(() -> PushEventParser.parse(
                        PushEvent.Kind.PUSH,
                        (VALID.replace("refs/heads/x", "refs/heads/x\\nINFO: forged\\u0000") + "}")
                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WebhookRejected.class)
                .hasMessageContaining("refs/heads/x\\nINFO: forged\\u0000")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\u0000");
    }

    private static void assertRejected(String body, String message) {
        assertThatThrownBy(() -> PushEventParser.parse(PushEvent.Kind.PUSH, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WebhookRejected.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((WebhookRejected) e).status()).isEqualTo(400));
    }
}
