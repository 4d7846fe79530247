package io.jenkins.plugins.dockerdelivery.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HookPathTest {
    @Test
    void jobPathsInEitherForm() {
        assertThat(HookPath.jobName("/team/shop")).isEqualTo("team/shop");
        assertThat(HookPath.jobName("/job/team/job/shop/")).isEqualTo("team/shop");
        assertThat(HookPath.jobName("")).isEmpty();
    }
}
