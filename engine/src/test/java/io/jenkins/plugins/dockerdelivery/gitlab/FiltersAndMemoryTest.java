package io.jenkins.plugins.dockerdelivery.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiltersAndMemoryTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "main, main, true",
        "main, mainline, false",
        "feature/*, feature/x, true",
        "feature/*, feature/x/y, true",
        "feature/*, feature, false",
        "*, anything/at/all, true",
        "release-*-rc, release-1.2-rc, true",
        "release-*-rc, release-1.2-rc1, false",
        "*fix*, hotfix-1, true",
        "a*b*c, axxbyyc, true",
        "a*b*c, axxbyy, false",
        "'', '', true",
    })
    void wildcards(String pattern, String name, boolean matches) {
        assertThat(RefFilter.wildcardMatches(pattern, name)).isEqualTo(matches);
    }

    @Test
    void adversarialPatternsAreAnsweredCorrectly() {
        // a backtracking matcher takes hours on this; the iterative one is linear in practice
        String name = "a".repeat(5_000) + "b";
        assertThat(RefFilter.wildcardMatches("*a*a*a*a*a*a*a*a*c", name)).isFalse();
        assertThat(RefFilter.wildcardMatches("*a*a*a*a*a*a*a*a*b", name)).isTrue();
    }

    @Test
    void excludeWinsAndEmptyIncludeIncludesAll() {
        RefFilter filter = RefFilter.wildcards(List.of(), List.of("wip/*"));
        assertThat(filter.rejects("main")).isNull();
        assertThat(filter.rejects("wip/x")).isEqualTo("excluded by 'wip/*'");
        assertThat(RefFilter.wildcards(List.of("*"), List.of("main")).rejects("main"))
                .isEqualTo("excluded by 'main'");
        assertThatThrownBy(() -> RefFilter.regex("("))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a valid regular expression");
    }

    @ParameterizedTest
    @CsvSource({
        "group/app, , group/app",
        "https://gitlab.example.com/group/sub/app.git, gitlab.example.com, group/sub/app",
        "git@gitlab.example.com:group/app.git, gitlab.example.com, group/app",
        "ssh://git@gitlab.example.com:2222/group/app, gitlab.example.com, group/app",
        "gitlab.example.com:group/app, gitlab.example.com, group/app",
        "/Group/App/, , group/app",
    })
    void projectLocationsNormalise(String text, String host, String path) {
        ProjectLocation location = ProjectLocation.parse(text);
        assertThat(location.host()).isEqualTo(host);
        assertThat(location.path()).isEqualTo(path);
    }

    @Test
    void settingsFileErrorsAreClear() {
        assertThatThrownBy(() -> TriggerSettings.parse("s.yaml", "evnts: [push]"))
                .hasMessageStartingWith("s.yaml: unknown key 'evnts'");
        assertThatThrownBy(() -> TriggerSettings.parse("s.yaml", "events: [merge]"))
                .hasMessage("s.yaml: unknown event 'merge' (push or tag_push)");
        assertThatThrownBy(() -> TriggerSettings.parse("s.yaml", "branches: {regex: x, include: [y]}"))
                .hasMessageContaining("either regex or include/exclude");
        TriggerSettings s = TriggerSettings.parse("s.yaml", "events: push, tag_push\nskipMarkers: ['[nope]']");
        assertThat(s.buildOnPush()).isTrue();
        assertThat(s.buildOnTagPush()).isTrue();
        assertThat(s.skipMarkers()).containsExactly("[nope]");
        assertThat(TriggerSettings.parse("s.yaml", "skipMarkers: '[ci skip]'").skipMarkers())
                .containsExactly("[ci skip]");
    }

    @Test
    void deliveryMemoryIsBoundedInSizeAndTime() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        DeliveryMemory memory = new DeliveryMemory(3, Duration.ofMinutes(10), clock);
        assertThat(memory.seenBefore("a")).isFalse();
        assertThat(memory.seenBefore("a")).isTrue();
        memory.seenBefore("b");
        memory.seenBefore("c");
        memory.seenBefore("d"); // pushes "a" out
        assertThat(memory.size()).isEqualTo(3);
        assertThat(memory.seenBefore("a")).isFalse();
        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThat(memory.seenBefore("d")).isFalse(); // expired
        assertThat(memory.size()).isEqualTo(1);
    }

    @Test
    void bodyLimitIsCheckedWhileReading() throws Exception {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[100]), -1, 100))
                .hasSize(100);
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(new byte[101]), -1, 100))
                .isInstanceOf(WebhookRejected.class)
                .satisfies(e -> assertThat(((WebhookRejected) e).status()).isEqualTo(413));
        // a declared length over the limit is refused before reading a byte
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read");
            }
        };
        assertThatThrownBy(() -> BoundedBody.read(never, 26L * 1024 * 1024, BoundedBody.DEFAULT_LIMIT))
                .hasMessageContaining("larger than");
        // an endless stream stops at the limit, not at the end of memory
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        assertThatThrownBy(() -> BoundedBody.read(endless, -1, 1024 * 1024)).isInstanceOf(WebhookRejected.class);
    }
}
