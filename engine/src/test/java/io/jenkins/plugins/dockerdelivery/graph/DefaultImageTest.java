package io.jenkins.plugins.dockerdelivery.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultImageTest {
    @ParameterizedTest
    @CsvSource({
        "a..b, a-b:latest",
        "apps/a..b, apps/a-b:latest",
        "apps/.hidden, apps/hidden:latest",
        "x_-y, x-y:latest",
        "Team/App, team/app:latest",
        "web.Dockerfile, web:latest",
        "., root:latest"
    })
    void everyDirectoryNameMakesAValidImageName(String id, String image) {
        assertThat(DirectoryScanner.defaultImage(id).familiar()).isEqualTo(image);
    }
}
