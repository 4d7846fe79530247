package io.jenkins.plugins.dockerdelivery.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfilePinnerTest {
    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);
    private static final BasePin BASE =
            BasePin.parse("reg.example:5000/team/base:7@" + D1, "pushed by base in this run");
    private static final BasePin TOOLS = BasePin.parse("reg.example:5000/team/tools:1@" + D2, "given with --pin-base");

    private static DockerfilePinner.Result pin(String text, Map<String, String> args, MatchLevel level) {
        return DockerfilePinner.pin("Dockerfile", text, args, null, List.of(BASE, TOOLS), level);
    }

    @Test
    void anArgParameterisedFromIsPinnedInPlaceKeepingEveryLine() {
        String text = "ARG REGISTRY=reg.example:5000\n"
                + "ARG TAG=7\n"
                + "# comment\n"
                + "FROM ${REGISTRY}/team/base:${TAG}\n"
                + "RUN false\n";
        DockerfilePinner.Result result = pin(text, Map.of(), MatchLevel.TAG);

        assertThat(result.text().lines().toList())
                .containsExactly(
                        "ARG REGISTRY=reg.example:5000",
                        "ARG TAG=7",
                        "# comment",
                        "FROM reg.example:5000/team/base:7@" + D1,
                        "RUN false");
        assertThat(result.applied()).singleElement().satisfies(a -> {
            assertThat(a.line()).isEqualTo(4);
            assertThat(a.describe())
                    .isEqualTo("FROM reg.example:5000/team/base:7 pinned to " + D1
                            + ", pushed by base in this run (line 4)");
        });
        assertThat(result.finalBase()).isEqualTo(BASE);
    }

    @Test
    void buildArgsChooseWhatIsPinned() {
        String text = "ARG TAG=6\nFROM reg.example:5000/team/base:${TAG}\n";
        assertThat(pin(text, Map.of(), MatchLevel.TAG).applied()).isEmpty();
        assertThat(pin(text, Map.of("TAG", "7"), MatchLevel.TAG).text())
                .isEqualTo("ARG TAG=6\nFROM reg.example:5000/team/base:7@" + D1 + "\n");
        // at repository level any tag of the rebuilt repository is pinned to what was pushed
        assertThat(pin(text, Map.of(), MatchLevel.REPOSITORY).text())
                .isEqualTo("ARG TAG=6\nFROM reg.example:5000/team/base:7@" + D1 + "\n");
    }

    @Test
    void copyFromAndRunMountFromAnImageArePinned() {
        String text = "FROM reg.example:5000/team/base:7 AS build\n"
                + "COPY --from=reg.example:5000/team/tools:1 /bin/tool /bin/\n"
                + "RUN --mount=type=bind,from=reg.example:5000/team/tools:1,target=/t \\\n"
                + "    ls /t\n"
                + "FROM build\n";
        DockerfilePinner.Result result = pin(text, Map.of(), MatchLevel.TAG);

        assertThat(result.text())
                .isEqualTo("FROM reg.example:5000/team/base:7@" + D1 + " AS build\n"
                        + "COPY --from=reg.example:5000/team/tools:1@" + D2 + " /bin/tool /bin/\n"
                        + "RUN --mount=type=bind,from=reg.example:5000/team/tools:1@" + D2 + ",target=/t \\\n"
                        + "    ls /t\n"
                        + "FROM build\n");
        assertThat(result.applied())
                .extracting(DockerfilePinner.Applied::via)
                .containsExactly(BaseImage.Via.FROM, BaseImage.Via.COPY_FROM, BaseImage.Via.RUN_MOUNT_FROM);
        // the last stage is FROM the first: its base is the pinned one
        assertThat(result.finalBase()).isEqualTo(BASE);
    }

    @Test
    void aStageNamedLikeAPinnedImageIsNotPinned() {
        BasePin busybox = BasePin.parse("busybox:latest@" + D1, "pushed by busybox in this run");
        String text = "FROM scratch AS busybox\n"
                + "FROM local/busybox:latest\n"
                + "COPY --from=busybox / /\n"
                + "FROM busybox\n";
        DockerfilePinner.Result result =
                DockerfilePinner.pin("Dockerfile", text, Map.of(), null, List.of(busybox), MatchLevel.TAG);

        assertThat(result.text()).isEqualTo(text);
        assertThat(result.applied()).isEmpty();
        assertThat(result.finalBase()).isNull();
    }

    @Test
    void aReferenceWithItsOwnDigestIsLeftAsWritten() {
        String text = "FROM reg.example:5000/team/base:7@" + D2 + "\n";
        assertThat(pin(text, Map.of(), MatchLevel.TAG).text()).isEqualTo(text);
    }

    @Test
    void crlfContinuationsAndOtherReferencesStayByteForByte() {
        String text = "FROM reg.example:5000/team/other:7 AS o\r\n"
                + "FROM \\\r\n"
                + "  reg.example:5000/team/base:7\r\n"
                + "COPY --from=o /a /a\r\n";
        DockerfilePinner.Result result = pin(text, Map.of(), MatchLevel.TAG);
        assertThat(result.text())
                .isEqualTo("FROM reg.example:5000/team/other:7 AS o\r\n"
                        + "FROM \\\r\n"
                        + "  reg.example:5000/team/base:7@" + D1 + "\r\n"
                        + "COPY --from=o /a /a\r\n");
        assertThat(result.applied())
                .singleElement()
                .extracting(DockerfilePinner.Applied::line)
                .isEqualTo(2);
    }

    @Test
    void onlyTheTargetsOwnBaseBecomesTheBaseLabel() {
        String text = "FROM reg.example:5000/team/tools:1 AS tools\nFROM reg.example:5000/team/base:7 AS app\n";
        assertThat(DockerfilePinner.pin("Dockerfile", text, Map.of(), "tools", List.of(BASE, TOOLS), MatchLevel.TAG)
                        .finalBase())
                .isEqualTo(TOOLS);
        assertThat(DockerfilePinner.pin("Dockerfile", text, Map.of(), null, List.of(BASE), MatchLevel.TAG)
                        .finalBase())
                .isEqualTo(BASE);
    }

    @Test
    void aPinNeedsADigest() {
        assertThatThrownBy(() -> BasePin.parse("reg.example:5000/team/base:7", "x"))
                .hasMessageContaining("needs a digest");
    }
}
