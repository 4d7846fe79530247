package io.jenkins.plugins.dockerdelivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the text files commands take (Dockerfiles, settings, payloads) with a size bound and errors
 * written for the user: a file too large is refused before it is read (a 3 GB file, {@code
 * /dev/zero}), and a byte that is not UTF-8 is reported by its line, never as Java's "Input length =
 * 1".
 */
public final class TextFiles {
    /** A Dockerfile or settings file larger than this is not one a person wrote. */
    public static final long DEFAULT_LIMIT = 16L * 1024 * 1024;

    private TextFiles() {}

    /**
     * A file's text.
     *
     * @param text the text; a byte that is not UTF-8 reads as U+FFFD
     * @param firstBadLine the line of the first byte that is not UTF-8, or 0 when all of it is
     */
    public record Text(String text, int firstBadLine) {}

    /** The file as UTF-8 text; anything else is an {@link InvalidInputException} naming the line. */
    public static String readUtf8(Path file, long limit) {
        Text text = read(file, limit);
        if (text.firstBadLine() > 0) {
            throw new InvalidInputException(notUtf8(file, text.firstBadLine()) + ". Save it as UTF-8.");
        }
        return text.text();
    }

    /** What a warning or error says about a file that is not all UTF-8. */
    public static String notUtf8(Path file, int line) {
        return file + ", line " + line + ": not UTF-8 text";
    }

    /** The file's text, bytes that are not UTF-8 replaced, as BuildKit reads a Dockerfile. */
    public static Text read(Path file, long limit) {
        byte[] bytes;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > limit) {
                throw tooLarge(file, limit);
            }
            // not a regular file (a pipe, /dev/zero): its size is known only by reading it
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > limit) {
            throw tooLarge(file, limit);
        }
        return decode(bytes);
    }

    /** UTF-8 text of {@code bytes}, with the line of the first malformed byte. */
    public static Text decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        int badLine = 0;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                if (badLine == 0) {
                    badLine = lineAt(bytes, in.position());
                }
                out.put('\uFFFD');
                in.position(in.position() + result.length());
            } else {
                break;
            }
        }
        decoder.flush(out);
        out.flip();
        return new Text(out.toString(), badLine);
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static InvalidInputException tooLarge(Path file, long limit) {
        return new InvalidInputException(file + " is larger than "
                + (limit >= 1024 * 1024 ? limit / (1024 * 1024) + " MiB" : limit + " bytes")
                + ", the limit for this kind of file");
    }
}
