package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.image.BasePin;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a build-and-push needs, immutable. Made with {@link #builder(Path)}; credentials are held
 * in memory only and print masked.
 */
public final class BuildPushRequest {
    private final Path context;
    private final Path dockerfile;
    private final Map<String, String> buildArgs;
    private final Map<String, String> labels;
    private final List<ImageReference> tags;
    private final String target;
    private final String platform;
    private final boolean pull;
    private final boolean noCache;
    private final String network;
    private final Builder builder;
    private final List<RegistryCredentials> credentials;
    private final boolean push;
    private final String revision;
    private final String source;
    private final int pushAttempts;
    private final Duration retryDelay;
    private final String dockerfileOverride;
    private final List<BasePin> basePins;
    private final MatchLevel pinMatch;
    private final List<BuildSecret> secrets;
    private final Map<String, Path> sshAgents;

    private BuildPushRequest(Spec s) {
        if (s.tags.isEmpty()) {
            throw new InvalidInputException("Give at least one image reference to tag the build with");
        }
        for (ImageReference tag : s.tags) {
            if (tag.digest() != null) {
                throw new InvalidInputException(
                        "'" + tag.familiar() + "' names a digest: an image can only be tagged with name:tag");
            }
            requireEngineReadable(tag);
        }
        requireNames("build arg", s.buildArgs);
        requireNames("label", s.labels);
        if (s.pushAttempts < 1 || s.pushAttempts > PushRetry.MAX_ATTEMPTS) {
            throw new InvalidInputException("The push attempts must be 1 to " + PushRetry.MAX_ATTEMPTS + ", not "
                    + s.pushAttempts + " (the waits between them are bounded too: at most "
                    + PushRetry.MAX_TOTAL_WAIT.toSeconds() + " s in all)");
        }
        this.context = Objects.requireNonNull(s.context, "context");
        this.dockerfile = s.dockerfile;
        this.buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(s.buildArgs));
        this.labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(s.labels));
        this.tags = List.copyOf(s.tags);
        this.target = s.target;
        this.platform = s.platform;
        this.pull = s.pull;
        this.noCache = s.noCache;
        this.network = s.network;
        this.builder = s.builder;
        this.credentials = List.copyOf(s.credentials);
        this.push = s.push;
        this.revision = s.revision;
        this.source = s.source;
        this.pushAttempts = s.pushAttempts;
        this.retryDelay = s.retryDelay;
        this.dockerfileOverride = s.dockerfileOverride;
        this.basePins = List.copyOf(s.basePins);
        this.pinMatch = s.pinMatch;
        this.secrets = List.copyOf(s.secrets.values());
        this.sshAgents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(s.sshAgents));
    }

    /**
     * The Docker Engine reads an upper-case first component without '.' or ':' ({@code Team/app}) as
     * part of the repository name, not as a registry host, and refuses it only after the build.
     */
    private static void requireEngineReadable(ImageReference tag) {
        String registry = tag.registry();
        if (!registry.contains(".") && !registry.contains(":") && !registry.equals(registry.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("Invalid image reference '" + tag.familiar() + "': '" + registry
                    + "' is not a registry host (no '.' or ':'), and repository names must be lower-case.");
        }
    }

    private static void requireNames(String what, Map<String, String> values) {
        for (String name : values.keySet()) {
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("A " + what + " has an empty name: write NAME=VALUE");
            }
        }
    }

    public static Spec builder(Path context) {
        return new Spec(context);
    }

    public Path context() {
        return context;
    }

    /** The Dockerfile, or null for {@code Dockerfile} in the context. */
    public Path dockerfile() {
        return dockerfile;
    }

    public Map<String, String> buildArgs() {
        return buildArgs;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<ImageReference> tags() {
        return tags;
    }

    public String target() {
        return target;
    }

    public String platform() {
        return platform;
    }

    public boolean pull() {
        return pull;
    }

    public boolean noCache() {
        return noCache;
    }

    public String network() {
        return network;
    }

    public Builder builderKind() {
        return builder;
    }

    public List<RegistryCredentials> credentials() {
        return credentials;
    }

    public boolean push() {
        return push;
    }

    public String revision() {
        return revision;
    }

    public String source() {
        return source;
    }

    public int pushAttempts() {
        return pushAttempts;
    }

    public Duration retryDelay() {
        return retryDelay;
    }

    /**
     * The Dockerfile's content to build instead of the bytes of {@link #dockerfile()}, or null: the
     * file still names the Dockerfile (its place in the context, its {@code .dockerignore}), only its
     * content is replaced in what is sent to the daemon.
     */
    public String dockerfileOverride() {
        return dockerfileOverride;
    }

    /** The bases to build at exact digests (see {@link BasePin}); empty: the Dockerfile as written. */
    public List<BasePin> basePins() {
        return basePins;
    }

    /** How a pin matches a reference of the Dockerfile: same tag (default) or any tag of the repository. */
    public MatchLevel pinMatch() {
        return pinMatch;
    }

    /** This request with the Dockerfile's content replaced and labels added where the user set none. */
    BuildPushRequest withResolvedDockerfile(String content, Map<String, String> extraLabels) {
        Spec copy = new Spec(context);
        copy.dockerfile = dockerfile;
        copy.buildArgs.putAll(buildArgs);
        copy.labels.putAll(extraLabels);
        copy.labels.putAll(labels);
        copy.tags.addAll(tags);
        copy.target = target;
        copy.platform = platform;
        copy.pull = pull;
        copy.noCache = noCache;
        copy.network = network;
        copy.builder = builder;
        copy.credentials.addAll(credentials);
        copy.push = push;
        copy.revision = revision;
        copy.source = source;
        copy.pushAttempts = pushAttempts;
        copy.retryDelay = retryDelay;
        copy.dockerfileOverride = content;
        copy.basePins.addAll(basePins);
        copy.pinMatch = pinMatch;
        secrets.forEach(secret -> copy.secrets.put(secret.id(), secret));
        copy.sshAgents.putAll(sshAgents);
        return new BuildPushRequest(copy);
    }

    /** Secrets for {@code RUN --mount=type=secret}, served through the BuildKit session only. */
    public List<BuildSecret> secrets() {
        return secrets;
    }

    /** SSH agents for {@code RUN --mount=type=ssh}: ssh id → agent socket. */
    public Map<String, Path> sshAgents() {
        return sshAgents;
    }

    /** The credentials for {@code registry}, or null. */
    public RegistryCredentials credentialsFor(String registry) {
        return credentials.stream().filter(c -> c.isFor(registry)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return "BuildPushRequest[context=" + context + ", tags=" + tags + ", builder=" + builder + ", push=" + push
                + ", credentials=" + credentials + (basePins.isEmpty() ? "" : ", basePins=" + basePins)
                + (dockerfileOverride == null ? "" : ", dockerfileOverride=" + dockerfileOverride.length() + " chars")
                + ", secrets=" + secrets + ", ssh=" + sshAgents.keySet() + "]";
    }

    /** The fluent builder of a request, in the style of docker-java's command objects. */
    public static final class Spec {
        private final Path context;
        private Path dockerfile;
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<ImageReference> tags = new ArrayList<>();
        private String target;
        private String platform;
        private boolean pull;
        private boolean noCache;
        private String network;
        private Builder builder = Builder.AUTO;
        private final List<RegistryCredentials> credentials = new ArrayList<>();
        private boolean push = true;
        private String revision;
        private String source;
        private int pushAttempts = 5;
        private Duration retryDelay = Duration.ofSeconds(1);
        private String dockerfileOverride;
        private final List<BasePin> basePins = new ArrayList<>();
        private MatchLevel pinMatch = MatchLevel.TAG;
        private final Map<String, BuildSecret> secrets = new LinkedHashMap<>();
        private final Map<String, Path> sshAgents = new LinkedHashMap<>();

        private Spec(Path context) {
            this.context = context;
        }

        public Spec withDockerfile(Path dockerfile) {
            this.dockerfile = dockerfile;
            return this;
        }

        public Spec withBuildArg(String name, String value) {
            buildArgs.put(name, value);
            return this;
        }

        public Spec withBuildArgs(Map<String, String> args) {
            buildArgs.putAll(args);
            return this;
        }

        public Spec withLabel(String name, String value) {
            labels.put(name, value);
            return this;
        }

        public Spec withLabels(Map<String, String> values) {
            labels.putAll(values);
            return this;
        }

        public Spec withTag(ImageReference tag) {
            tags.add(tag);
            return this;
        }

        public Spec withTag(String tag) {
            return withTag(ImageReference.parse(tag));
        }

        public Spec withTarget(String target) {
            this.target = target;
            return this;
        }

        public Spec withPlatform(String platform) {
            this.platform = platform;
            return this;
        }

        public Spec withPull(boolean pull) {
            this.pull = pull;
            return this;
        }

        public Spec withNoCache(boolean noCache) {
            this.noCache = noCache;
            return this;
        }

        public Spec withNetwork(String network) {
            this.network = network;
            return this;
        }

        public Spec withBuilder(Builder builder) {
            this.builder = Objects.requireNonNull(builder);
            return this;
        }

        public Spec withCredentials(RegistryCredentials credentials) {
            this.credentials.add(credentials);
            return this;
        }

        public Spec withPush(boolean push) {
            this.push = push;
            return this;
        }

        /** The commit built: becomes {@code org.opencontainers.image.revision} unless a label sets it. */
        public Spec withRevision(String revision) {
            this.revision = revision;
            return this;
        }

        /** The source repository URL: becomes {@code org.opencontainers.image.source} unless a label sets it. */
        public Spec withSource(String source) {
            this.source = source;
            return this;
        }

        /** How often to try a push that fails for a transient reason: 1 to 10 (default 5). */
        public Spec withPushAttempts(int attempts) {
            this.pushAttempts = attempts;
            return this;
        }

        /** The first delay between push attempts; it doubles each time, see {@link PushRetry} (default 1 s). */
        public Spec withRetryDelay(Duration delay) {
            this.retryDelay = delay;
            return this;
        }

        /**
         * Builds this content as the Dockerfile instead of the file's bytes (the file still gives its
         * name and place); null: the file as it is.
         */
        public Spec withDockerfileOverride(String content) {
            this.dockerfileOverride = content;
            return this;
        }

        /** Builds the Dockerfile's references to this base at its digest (repeatable). */
        public Spec withBasePin(BasePin pin) {
            basePins.add(Objects.requireNonNull(pin));
            return this;
        }

        public Spec withBasePins(List<BasePin> pins) {
            pins.forEach(this::withBasePin);
            return this;
        }

        /** How pins match the Dockerfile's references (default {@link MatchLevel#TAG}). */
        public Spec withPinMatch(MatchLevel level) {
            this.pinMatch = Objects.requireNonNull(level);
            return this;
        }

        /** A secret for {@code RUN --mount=type=secret,id=...}; a second one with the same id replaces the first. */
        public Spec withSecret(BuildSecret secret) {
            secrets.put(secret.id(), Objects.requireNonNull(secret));
            return this;
        }

        /** An SSH agent for {@code RUN --mount=type=ssh,id=...} ({@code default} when the mount names none). */
        public Spec withSshAgent(String id, Path agentSocket) {
            if (id == null || id.isBlank()) {
                throw new InvalidInputException("An SSH agent needs an id, such as 'default'");
            }
            sshAgents.put(id, Objects.requireNonNull(agentSocket, "agentSocket"));
            return this;
        }

        public BuildPushRequest build() {
            return new BuildPushRequest(this);
        }
    }
}
