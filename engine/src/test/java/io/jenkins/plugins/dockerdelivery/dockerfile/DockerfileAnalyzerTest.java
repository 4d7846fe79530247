package io.jenkins.plugins.dockerdelivery.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Dockerfile grammar, bullet by bullet, with the lines errors are reported on. */
class DockerfileAnalyzerTest {

    private static List<String> bases(String dockerfile) {
        return bases(dockerfile, Map.of());
    }

    private static List<String> bases(String dockerfile, Map<String, String> args) {
        return DockerfileAnalyzer.analyze("Dockerfile", dockerfile, args).externalBases().stream()
                .map(ImageReference::familiar)
                .toList();
    }

    private static void failsOnLine(ThrowingCallable call, int line, String message) {
        assertThatThrownBy(call)
                .isInstanceOf(DockerfileException.class)
                .hasMessageStartingWith("Dockerfile:" + line + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((DockerfileException) e).line()).isEqualTo(line));
    }

    @Nested
    class Directives {
        @Test
        void backtickEscapeMakesBacktickTheContinuation() {
            String df = "# escape=`\nFROM busybox `\n  AS base\nRUN echo c:\\path\\ \nFROM base\n";
            assertThat(bases(df)).containsExactly("busybox:latest");
            assertThat(DockerfileParser.parse("Dockerfile", df).escape()).isEqualTo('`');
        }

        @Test
        void backslashEscapeIsTheDefaultAndCanBeStated() {
            assertThat(bases("# escape=\\\nFROM alpine:3.20 \\\n  AS x\n")).containsExactly("alpine:3.20");
        }

        @Test
        void syntaxDirectiveIsReadAndCaseInsensitive() {
            ParsedDockerfile parsed =
                    DockerfileParser.parse("Dockerfile", "# Syntax=docker/dockerfile:1.7\nFROM busybox\n");
            assertThat(parsed.syntax()).isEqualTo("docker/dockerfile:1.7");
        }

        @Test
        void directivesAfterACommentOrBlankLineAreComments() {
            String df = "# a comment\n# escape=`\nFROM busybox \\\n  AS base\n";
            assertThat(DockerfileParser.parse("Dockerfile", df).escape()).isEqualTo('\\');
            assertThat(bases(df)).containsExactly("busybox:latest");
            assertThat(DockerfileParser.parse("Dockerfile", "\n# escape=`\nFROM a\n")
                            .escape())
                    .isEqualTo('\\');
        }

        @Test
        void invalidOrRepeatedDirectivesAreErrors() {
            failsOnLine(() -> bases("# escape=x\nFROM a\n"), 1, "invalid escape directive 'x'");
            failsOnLine(() -> bases("# escape=`\n# escape=\\\nFROM a\n"), 2, "appears twice");
        }

        @Test
        void byteOrderMarkIsStripped() {
            assertThat(bases("\uFEFF# escape=`\nFROM busybox\n")).containsExactly("busybox:latest");
        }
    }

    @Nested
    class Continuations {
        @Test
        void commentAndEmptyLinesInsideAContinuationAreSkipped() {
            String df = "FROM \\\n# a comment inside\n\n   busybox:1 \\\n   # another\n   AS base\nFROM base\n";
            DockerfileAnalysis analysis = DockerfileAnalyzer.analyze("Dockerfile", df, Map.of());
            assertThat(analysis.externalBases()).containsExactly(ImageReference.parse("busybox:1"));
            assertThat(analysis.stages()).hasSize(2);
            assertThat(analysis.stages().get(1).fromStage()).isZero();
            assertThat(analysis.warnings()).anyMatch(w -> w.contains("Dockerfile:3: empty continuation line"));
        }

        @Test
        void anEscapedEscapeAtLineEndIsNoContinuation() {
            List<Instruction> instructions = DockerfileParser.parse("Dockerfile", "FROM a\nRUN echo \\\\\nRUN b\n")
                    .instructions();
            assertThat(instructions).extracting(Instruction::keyword).containsExactly("FROM", "RUN", "RUN");
        }

        @Test
        void instructionsKeepTheirLineRange() {
            List<Instruction> instructions = DockerfileParser.parse(
                            "Dockerfile", "FROM a\nRUN one \\\n  two \\\n  three\nCMD x\n")
                    .instructions();
            assertThat(instructions.get(1).startLine()).isEqualTo(2);
            assertThat(instructions.get(1).endLine()).isEqualTo(4);
            assertThat(instructions.get(1).arguments()).isEqualTo("one   two   three");
            assertThat(instructions.get(2).startLine()).isEqualTo(5);
        }

        @Test
        void hashInsideALineIsNotAComment() {
            List<Instruction> instructions = DockerfileParser.parse("Dockerfile", "FROM a\nRUN echo # kept\n")
                    .instructions();
            assertThat(instructions.get(1).arguments()).isEqualTo("echo # kept");
            // so a trailing "comment" makes FROM malformed, as with docker build
            failsOnLine(() -> bases("FROM busybox # not a comment\n"), 1, "malformed FROM");
        }
    }

    @Nested
    class Heredocs {
        @Test
        void heredocBodiesAreNotInstructions() {
            String df = "FROM busybox\nRUN <<EOF\nFROM evil:1\nCOPY --from=other:2 / /\nEOF\nFROM alpine\n";
            assertThat(bases(df)).containsExactly("busybox:latest", "alpine:latest");
        }

        @Test
        void severalHeredocsOnOneLineStripTabsAndQuotedDelimiters() {
            String df = "FROM busybox\n"
                    + "COPY <<A <<-\"B\" /dst/\n"
                    + "FROM nope\n"
                    + "A\n"
                    + "\tFROM nope2\n"
                    + "\tB\n"
                    + "RUN 3<<'END' cat\n"
                    + "FROM nope3\n"
                    + "END\n"
                    + "FROM alpine:3\n";
            ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", df);
            assertThat(parsed.instructions())
                    .extracting(Instruction::keyword)
                    .containsExactly("FROM", "COPY", "RUN", "FROM");
            assertThat(parsed.instructions().get(1).heredocs()).containsExactly("FROM nope\n", "FROM nope2\n");
            assertThat(parsed.instructions().get(1).endLine()).isEqualTo(6);
            assertThat(bases(df)).containsExactly("busybox:latest", "alpine:3");
        }

        @Test
        void anUnclosedHeredocIsAnError() {
            failsOnLine(() -> bases("FROM a\nRUN <<EOF\necho\n"), 2, "never closed");
        }

        @Test
        void heredocMarkersOnlyCountForRunCopyAdd() {
            assertThat(bases("FROM busybox\nLABEL x=<<EOF\nFROM alpine\n"))
                    .containsExactly("busybox:latest", "alpine:latest");
        }
    }

    @Nested
    class Args {
        @Test
        void argsBeforeFromExpandWithDefaultsAndBuildArgsOverride() {
            String df =
                    "ARG REG=registry.example.com:5000\nARG NAME=team/base\nARG TAG=7\nFROM ${REG}/${NAME}:${TAG}\n";
            assertThat(bases(df)).containsExactly("registry.example.com:5000/team/base:7");
            assertThat(bases(df, Map.of("TAG", "8"))).containsExactly("registry.example.com:5000/team/base:8");
        }

        @Test
        void everyVariableForm() {
            String df = "ARG SET=set\nARG EMPTY=\nARG UNSET\n"
                    + "FROM a-${SET:-x}-${UNSET:-d1}-${EMPTY:-d2}-${EMPTY-d3}-${UNSET-d4}\n"
                    + "FROM b-${SET:+alt}-${EMPTY:+alt2}-${EMPTY+alt3}-${UNSET+alt4}x\n"
                    + "FROM c-$SET-${SET}\n";
            assertThat(bases(df)).containsExactly("a-set-d1-d2--d4:latest", "b-alt--alt3-x:latest", "c-set-set:latest");
        }

        @Test
        void anArgDefaultMayUseEarlierArgs() {
            assertThat(bases("ARG V=3\nARG BASE=alpine:${V}.20\nFROM $BASE\n")).containsExactly("alpine:3.20");
        }

        @Test
        void escapedDollarIsLiteralAndBreaksTheReference() {
            failsOnLine(() -> bases("ARG A=x\nFROM \\$A\n"), 2, "Invalid image reference '$A'");
        }

        @Test
        void nestedDefaultsExpand() {
            assertThat(bases("ARG OUTER\nARG INNER=in\nFROM img-${OUTER:-${INNER}}\n"))
                    .containsExactly("img-in:latest");
        }

        @Test
        void unsetVariableWithoutDefaultExpandsToEmptyAndAnEmptyFromIsAnError() {
            failsOnLine(() -> bases("ARG BASE\n\nFROM ${BASE}\n"), 3, "expands to nothing");
            failsOnLine(() -> bases("FROM $NOPE\n"), 1, "expands to nothing");
        }

        @Test
        void aFromThatExpandsToAnInvalidReferenceIsAnErrorWithTheWrittenForm() {
            failsOnLine(() -> bases("ARG NAME=Upper\nFROM ${NAME}:1\n"), 2, "('${NAME}:1' expanded)");
        }

        @Test
        void questionMarkFormFailsWhenUnset() {
            // FROM splits on white space before expanding (as BuildKit does), so the message is one word
            failsOnLine(() -> bases("ARG X\nFROM ${X:?required}\n"), 2, "X: required");
            failsOnLine(() -> bases("ARG X=\nFROM ${X?}\n"), 2, "expands to nothing");
        }

        @Test
        void argsInsideAStageDoNotReachLaterFroms() {
            assertThat(bases("FROM a\nARG TAG=9\nFROM b:${TAG:-1}\n")).containsExactly("a:latest", "b:1");
        }

        @Test
        void platformArgsArePredefined() {
            DockerfileAnalysis analysis = DockerfileAnalyzer.analyze(
                    "Dockerfile",
                    "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM --platform=${TARGETPLATFORM} alpine\n",
                    Map.of());
            assertThat(analysis.externalBases())
                    .extracting(ImageReference::familiar)
                    .containsExactly("golang:1.22", "alpine:latest");
        }

        @Test
        void unsupportedModifiersAreErrors() {
            failsOnLine(() -> bases("ARG A=x\nFROM ${A%%y}\n"), 2, "unsupported modifier");
        }
    }

    @Nested
    class Stages {
        @Test
        void namedStagesAreCaseInsensitiveAndNotExternal() {
            String df = "FROM golang:1.22 AS Build\nRUN go build\nFROM build AS test\nFROM BUILD\n";
            DockerfileAnalysis analysis = DockerfileAnalyzer.analyze("Dockerfile", df, Map.of());
            assertThat(analysis.externalBases())
                    .extracting(ImageReference::familiar)
                    .containsExactly("golang:1.22");
            assertThat(analysis.stages()).extracting(Stage::name).containsExactly("build", "test", null);
            assertThat(analysis.stages().get(2).fromStage()).isZero();
        }

        @Test
        void scratchHasNoBase() {
            assertThat(bases("FROM scratch\nCOPY x /\n")).isEmpty();
            assertThat(bases("FROM SCRATCH AS s\n")).isEmpty();
        }

        @Test
        void copyFromStageByNameOrIndexAndFromImages() {
            String df = "FROM golang:1.22 AS build\n"
                    + "FROM node:20 AS assets\n"
                    + "FROM nginx:1.27\n"
                    + "COPY --from=BUILD /app /app\n"
                    + "COPY --from=1 /dist /www\n"
                    + "COPY --chown=1:1 --from=registry.example.com/tools/certs:3 /certs /certs\n"
                    + "COPY --from=scratch / /\n";
            DockerfileAnalysis analysis = DockerfileAnalyzer.analyze("Dockerfile", df, Map.of());
            assertThat(analysis.externalBases())
                    .extracting(ImageReference::familiar)
                    .containsExactly("golang:1.22", "node:20", "nginx:1.27", "registry.example.com/tools/certs:3");
            assertThat(analysis.stages().get(2).stageDependencies()).containsExactly(0, 1);
            assertThat(analysis.bases().get(3).via()).isEqualTo(BaseImage.Via.COPY_FROM);
            assertThat(analysis.bases().get(3).line()).isEqualTo(6);
        }

        @Test
        void runMountFromStagesAndImages() {
            String df = "FROM busybox AS tools\n"
                    + "FROM alpine\n"
                    + "RUN --mount=type=bind,from=tools,source=/bin,target=/t --mount=type=cache,target=/c \\\n"
                    + "    --mount=from=registry:5000/cache/go:1,target=/go --mount=type=secret,id=x,from=ignored ls\n"
                    + "RUN --mount=type=cache,from=\"quoted/img:2\",target=/q true\n";
            DockerfileAnalysis analysis = DockerfileAnalyzer.analyze("Dockerfile", df, Map.of());
            assertThat(analysis.externalBases())
                    .extracting(ImageReference::familiar)
                    .containsExactly("busybox:latest", "alpine:latest", "registry:5000/cache/go:1", "quoted/img:2");
            assertThat(analysis.stages().get(1).stageDependencies()).containsExactly(0);
            assertThat(analysis.bases().get(2).via()).isEqualTo(BaseImage.Via.RUN_MOUNT_FROM);
        }

        @Test
        void copyFromRejectsVariablesAndLaterStages() {
            failsOnLine(
                    () -> bases("ARG X=a\nFROM busybox\nCOPY --from=$X / /\n"),
                    3,
                    "variable expansion is not supported");
            failsOnLine(() -> bases("FROM busybox\nCOPY --from=0 / /\n"), 2, "not an earlier stage");
        }

        @Test
        void targetLimitsTheBasesToTheStagesItNeeds() {
            String df = "FROM golang:1.22 AS build\n"
                    + "FROM node:20 AS assets\n"
                    + "FROM nginx:1.27 AS web\nCOPY --from=assets / /\n"
                    + "FROM debian:12 AS worker\nCOPY --from=build / /\n";
            DockerfileAnalysis analysis = DockerfileAnalyzer.analyze("Dockerfile", df, Map.of());
            assertThat(analysis.externalBases("web"))
                    .extracting(ImageReference::familiar)
                    .containsExactly("node:20", "nginx:1.27");
            assertThat(analysis.externalBases(null))
                    .extracting(ImageReference::familiar)
                    .containsExactly("golang:1.22", "debian:12");
            assertThatThrownBy(() -> analysis.externalBases("nope"))
                    .hasMessageContaining("no stage named 'nope'")
                    .hasMessageContaining("build, assets, web, worker");
        }

        @Test
        void duplicateAndInvalidStageNamesAreErrors() {
            failsOnLine(() -> bases("FROM a AS x\nFROM b AS X\n"), 2, "already used on line 1");
            failsOnLine(() -> bases("FROM a AS 1st\n"), 1, "not a valid stage name");
        }
    }

    @Nested
    class WhatTheFileDoesNotSay {
        @Test
        void noFromIsAnError() {
            assertThatThrownBy(() -> bases("# only a comment\nARG X=1\n"))
                    .isInstanceOf(DockerfileException.class)
                    .hasMessage(
                            "Dockerfile: no FROM instruction: a Dockerfile must start (after parser directives and ARGs) with FROM");
        }

        @Test
        void anInstructionBeforeFromOtherThanArgIsAnError() {
            failsOnLine(() -> bases("ARG X=1\n\nRUN echo\nFROM a\n"), 3, "RUN comes before the first FROM");
        }

        @Test
        void malformedFromLinesAreErrors() {
            failsOnLine(() -> bases("FROM\n"), 1, "malformed FROM");
            failsOnLine(() -> bases("FROM a b\n"), 1, "malformed FROM");
            failsOnLine(() -> bases("FROM a AS\n"), 1, "malformed FROM");
            failsOnLine(() -> bases("FROM a AS b c\n"), 1, "malformed FROM");
            failsOnLine(() -> bases("FROM --pull a\n"), 1, "does not take the flag '--pull'");
        }

        @Test
        void instructionsAreCaseInsensitive() {
            assertThat(bases("from busybox as Base\nrun echo\ncopy --FROM=base / /\nFrom base\n"))
                    .containsExactly("busybox:latest");
        }
    }
}
