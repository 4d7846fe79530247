package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;

/**
 * A Docker Engine API version such as {@code 1.41}, and the negotiation the docker CLI does: speak the
 * daemon's version, capped at the newest one this client knows. Pinning an old version breaks on
 * current engines (Docker 29 refuses anything below 1.44); pinning a new one breaks on 20.10.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    /** The newest API this client has been written and tested against. */
    public static final ApiVersion NEWEST_KNOWN = new ApiVersion(1, 47);

    /** The oldest API with everything the engine uses (BuildKit over /build?version=2, build targets). */
    public static final ApiVersion OLDEST_SUPPORTED = new ApiVersion(1, 39);

    public static ApiVersion parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\.");
        try {
            if (parts.length == 2) {
                return new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new InvalidInputException("'" + text + "' is not a Docker API version (expected MAJOR.MINOR, like 1.41)");
    }

    /**
     * The version to speak with a daemon that supports {@code daemonMin..daemonMax}.
     *
     * @throws io.jenkins.plugins.dockerdelivery.DeliveryException when the ranges do not overlap
     */
    public static ApiVersion negotiate(ApiVersion daemonMax, ApiVersion daemonMin) {
        ApiVersion chosen = daemonMax.compareTo(NEWEST_KNOWN) > 0 ? NEWEST_KNOWN : daemonMax;
        if (daemonMin != null && chosen.compareTo(daemonMin) < 0) {
            throw new io.jenkins.plugins.dockerdelivery.DeliveryException("The Docker daemon needs API " + daemonMin
                    + " or newer, but this docker-delivery speaks at most " + NEWEST_KNOWN
                    + ": update docker-delivery.");
        }
        if (chosen.compareTo(OLDEST_SUPPORTED) < 0) {
            throw new io.jenkins.plugins.dockerdelivery.DeliveryException("The Docker daemon speaks API " + daemonMax
                    + ", older than the " + OLDEST_SUPPORTED + " docker-delivery needs (Docker 18.09): update Docker.");
        }
        return chosen;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
