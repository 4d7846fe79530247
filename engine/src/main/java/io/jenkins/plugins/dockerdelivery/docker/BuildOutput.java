package io.jenkins.plugins.dockerdelivery.docker;

import java.util.Map;

/** Turns the daemon's JSON build stream into lines for the listener, an image ID, or a failure. */
interface BuildOutput {
    void accept(Map<String, Object> message);

    /** The built image's ID, once the stream said it. */
    String imageId();

    /** The failure the stream reported, or null. */
    BuildFailedException failure();
}
