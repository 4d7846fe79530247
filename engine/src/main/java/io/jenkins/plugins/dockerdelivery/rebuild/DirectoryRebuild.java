package io.jenkins.plugins.dockerdelivery.rebuild;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushRequest;
import io.jenkins.plugins.dockerdelivery.docker.BuildPushResult;
import io.jenkins.plugins.dockerdelivery.docker.DockerBuildPush;
import io.jenkins.plugins.dockerdelivery.docker.PushedImage;
import io.jenkins.plugins.dockerdelivery.graph.DirectoryScanner;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the producers of a source tree are built in a rebuild: a build-push of each directory, as
 * {@code docker-delivery build-push} would run it, with its tags and build args from its {@code
 * docker-delivery.yaml}, and its bases pinned to what its parents pushed.
 */
public final class DirectoryRebuild implements RebuildOrchestrator.ProducerBuild {
    private final Map<String, DirectoryScanner.ProducerSource> sources;
    private final Map<String, String> buildArgOverrides;
    private final Function<BuildPushRequest.Spec, BuildPushRequest.Spec> common;
    private final MatchLevel level;
    private final DockerBuildPush docker;
    private final ProgressListener listener;

    /**
     * @param sources the tree's producers ({@link DirectoryScanner#sources})
     * @param buildArgOverrides build args that override every producer's own
     * @param common what every build shares: credentials, push, builder, ...
     * @param listener where each build's log goes, each line prefixed with the producer
     */
    public DirectoryRebuild(
            Map<String, DirectoryScanner.ProducerSource> sources,
            Map<String, String> buildArgOverrides,
            Function<BuildPushRequest.Spec, BuildPushRequest.Spec> common,
            MatchLevel level,
            DockerBuildPush docker,
            ProgressListener listener) {
        this.sources = sources;
        this.buildArgOverrides = Map.copyOf(buildArgOverrides);
        this.common = common;
        this.level = level;
        this.docker = docker;
        this.listener = listener;
    }

    @Override
    public Map<String, String> build(String producer, List<BasePin> pins) {
        DirectoryScanner.ProducerSource source = sources.get(producer);
        if (source == null) {
            throw new InvalidInputException("No producer '" + producer + "' in the tree");
        }
        BuildPushRequest.Spec spec = BuildPushRequest.builder(source.context().toAbsolutePath())
                .withDockerfile(source.dockerfile().toAbsolutePath()) // not relative to the context
                .withBuildArgs(source.buildArgs(buildArgOverrides))
                .withTarget(source.settings().target())
                .withBasePins(pins)
                .withPinMatch(level);
        source.images(buildArgOverrides).forEach(spec::withTag);
        BuildPushResult result = docker.run(common.apply(spec).build(), prefixed(producer));
        Map<String, String> pushed = new LinkedHashMap<>();
        for (PushedImage image : result.pushed()) {
            pushed.put(image.tag().toString(), image.digest());
        }
        return pushed;
    }

    private ProgressListener prefixed(String producer) {
        String prefix = "[" + producer + "] ";
        return new ProgressListener() {
            @Override
            public void log(String line) {
                listener.log(prefix + line);
            }

            @Override
            public void warn(String line) {
                listener.warn(prefix + line);
            }

            @Override
            public void progress(String item, String status) {
                listener.progress(prefix + item, status);
            }
        };
    }
}
