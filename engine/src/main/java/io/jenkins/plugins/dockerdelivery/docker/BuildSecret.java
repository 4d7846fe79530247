package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A build secret for {@code RUN --mount=type=secret,id=ID}: served to the daemon through the BuildKit
 * session only while the build runs, never logged, written to disk or put in the image. Its value is
 * held as the engine's {@link Secret}; file content keeps its exact bytes.
 */
public final class BuildSecret {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    private final String id;
    private final Secret value;
    private final Charset charset;

    private BuildSecret(String id, Secret value, Charset charset) {
        if (!isId(id)) {
            throw new InvalidInputException(
                    "'" + id + "' is not a secret id: use letters, digits, '.', '_' and '-' (as in id=npmrc)");
        }
        this.id = id;
        this.value = Objects.requireNonNull(value, "value");
        this.charset = charset;
    }

    /** Whether {@code id} can name a secret: letters, digits, '.', '_' and '-' (the plugin's form checks it too). */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** A secret text (a token, a password): sent as its UTF-8 bytes. */
    public static BuildSecret ofText(String id, Secret text) {
        return new BuildSecret(id, text, StandardCharsets.UTF_8);
    }

    /** A secret file's content, byte for byte. */
    public static BuildSecret ofBytes(String id, byte[] content) {
        // ISO-8859-1 maps every byte to one char and back: the Secret holds the bytes losslessly
        return new BuildSecret(
                id, Secret.of(new String(content, StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    public String id() {
        return id;
    }

    /** The value, for masking: a text secret is masked in every log line. */
    public Secret value() {
        return value;
    }

    /** The bytes the daemon receives. Call it only where they go to the session. */
    public byte[] reveal() {
        return value.reveal().getBytes(charset);
    }

    /** Whether the value is text (masked in logs) rather than file content. */
    public boolean isText() {
        return charset == StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return "BuildSecret[" + id + "=" + Secret.MASK + "]";
    }
}
