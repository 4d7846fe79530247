package io.jenkins.plugins.dockerdelivery.docker;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns the daemon's JSON build stream into lines for the listener, an image ID, or a failure. */
interface BuildOutput {
    void accept(JsonNode message);

    /** The built image's ID, once the stream said it. */
    String imageId();

    /** The failure the stream reported, or null. */
    BuildFailedException failure();
}
