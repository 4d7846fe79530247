package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    /** The value as held: a text, or a file's bytes one char per byte (ISO-8859-1). */
    public Secret value() {
        return value;
    }

    /**
     * What to mask in log lines. A build step prints a secret file as UTF-8 text, and the log is read
     * as UTF-8: a file's bytes are masked as that text too where they are valid UTF-8 (a password with
     * an umlaut, say), not only one char per byte, which matches no log line past ASCII.
     */
    public List<Secret> maskedForms() {
        if (isText()) {
            return List.of(value);
        }
        byte[] bytes = reveal();
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.equals(value.reveal()) ? List.of(value) : List.of(value, Secret.of(text));
        } catch (CharacterCodingException notText) {
            return List.of(value); // binary content (a DER key): no log line shows it as text
        }
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
