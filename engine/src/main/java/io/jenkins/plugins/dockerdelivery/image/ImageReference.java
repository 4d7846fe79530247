package io.jenkins.plugins.dockerdelivery.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.TextFields;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Docker image reference, parsed and normalised the way Docker does it (distribution/reference):
 * {@code busybox} is {@code docker.io/library/busybox:latest}, {@code index.docker.io} is {@code
 * docker.io}, the first path component is a registry only when it has a {@code .} or {@code :} or is
 * {@code localhost}, and {@code latest} is implied only when neither tag nor digest is given.
 *
 * <p>Two references are {@link #equals equal} when their normalised forms are. {@link
 * #matches(ImageReference, MatchLevel)} compares at repository or tag level, which is how the
 * dependency graph decides whether a rebuilt image is the base of another.
 */
public final class ImageReference {
    public static final String DEFAULT_REGISTRY = "docker.io";
    private static final String LEGACY_REGISTRY = "index.docker.io";
    private static final String OFFICIAL_NAMESPACE = "library/";
    private static final String DEFAULT_TAG = "latest";
    private static final int MAX_NAME_LENGTH = 255;

    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");

    private final String registry;
    private final String path;
    private final String tag;
    private final String digest;
    // derived once: the graph compares and hashes references by these on every look-up
    private final String repository;
    private final String tagKey;
    private final String normalised;

    private ImageReference(String registry, String path, String tag, String digest) {
        this.registry = registry;
        this.path = path;
        this.tag = tag;
        this.digest = digest;
        this.repository = registry + "/" + path;
        this.tagKey = repository + (tag != null ? ":" + tag : "@" + digest);
        this.normalised = repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /**
     * Parses a reference as written in a Dockerfile, a {@code docker} command or a setting.
     *
     * @throws InvalidInputException naming the reference and what is wrong with it
     */
    @JsonCreator
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(String.valueOf(text), "it is empty");
        }
        String rest = text.trim();
        if (!rest.equals(text)) {
            throw invalid(text, "it has leading or trailing spaces");
        }
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(
                        text,
                        "'" + TextFields.excerpt(digest) + "' is not a digest (expected sha256: and 64 hex digits)");
            }
            if (digest.startsWith("sha256:") && !SHA256.matcher(digest).matches()) {
                throw invalid(text, "a sha256 digest has exactly 64 lower-case hex digits");
            }
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(
                        text,
                        "'" + TextFields.excerpt(tag) + "' is not a valid tag (letters, digits, _ . -, at most 128,"
                                + " not starting with . or -)");
            }
        }
        String registry = DEFAULT_REGISTRY;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            boolean isHost = first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.toLowerCase(java.util.Locale.ROOT).equals(first);
            if (isHost) {
                if (!HOST.matcher(first).matches()) {
                    throw invalid(text, "'" + TextFields.excerpt(first) + "' is not a valid registry host[:port]");
                }
                registry = first.equals(LEGACY_REGISTRY) ? DEFAULT_REGISTRY : first;
                path = rest.substring(slash + 1);
            }
        }
        if (path.isEmpty()) {
            throw invalid(text, "it has no repository name");
        }
        if (!path.toLowerCase(java.util.Locale.ROOT).equals(path)) {
            throw invalid(text, "repository names must be lower-case ('" + TextFields.excerpt(path) + "')");
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(
                        text,
                        "'" + TextFields.excerpt(component) + "' is not a valid name component (lower-case letters,"
                                + " digits and single separators . _ __ -)");
            }
        }
        if (registry.equals(DEFAULT_REGISTRY) && !path.contains("/")) {
            path = OFFICIAL_NAMESPACE + path;
        }
        if (registry.length() + 1 + path.length() > MAX_NAME_LENGTH) {
            throw invalid(text, "the repository name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new ImageReference(registry, path, tag, digest);
    }

    private static InvalidInputException invalid(String text, String why) {
        return new InvalidInputException("Invalid image reference '" + TextFields.excerpt(text) + "': " + why + ".");
    }

    /** The registry host, with its port if any: {@code docker.io}, {@code registry.example.com:5000}. */
    public String registry() {
        return registry;
    }

    /** The repository path inside the registry: {@code library/busybox}, {@code team/app}. */
    public String path() {
        return path;
    }

    /** The tag, or null for a reference by digest only. */
    public String tag() {
        return tag;
    }

    /** The digest ({@code sha256:...}), or null. */
    public String digest() {
        return digest;
    }

    /** The full repository name: {@code docker.io/library/busybox}. */
    public String repository() {
        return repository;
    }

    /** The repository as the docker CLI shows it: {@code busybox}, {@code team/app}, {@code host:5000/app}. */
    public String familiarRepository() {
        if (!registry.equals(DEFAULT_REGISTRY)) {
            return repository();
        }
        return path.startsWith(OFFICIAL_NAMESPACE) ? path.substring(OFFICIAL_NAMESPACE.length()) : path;
    }

    /** The reference as the docker CLI shows it: {@code busybox:latest}, {@code host:5000/app:1@sha256:...}. */
    public String familiar() {
        return familiarRepository() + suffix();
    }

    public ImageReference withTag(String newTag) {
        return parse(repository() + ":" + newTag);
    }

    public ImageReference withDigest(String newDigest) {
        return parse(repository() + (tag == null ? "" : ":" + tag) + "@" + newDigest);
    }

    /** This reference without its digest: what a tag-level match compares. */
    public ImageReference withoutDigest() {
        return digest == null ? this : new ImageReference(registry, path, tag == null ? DEFAULT_TAG : tag, null);
    }

    /** Whether this names the same image as {@code other}, at the given level. */
    public boolean matches(ImageReference other, MatchLevel level) {
        if (!repository().equals(other.repository())) {
            return false;
        }
        return switch (level) {
            case REPOSITORY -> true;
            case TAG -> tag != null && other.tag != null ? tag.equals(other.tag) : Objects.equals(digest, other.digest);
        };
    }

    /** The key under which a tag-level match files this reference: repository and tag, or repository and digest. */
    public String tagKey() {
        return tagKey;
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** The normalised full form: {@code docker.io/library/busybox:latest}. */
    @JsonValue
    @Override
    public String toString() {
        return normalised;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference other && normalised.equals(other.normalised);
    }

    @Override
    public int hashCode() {
        return normalised.hashCode();
    }
}
