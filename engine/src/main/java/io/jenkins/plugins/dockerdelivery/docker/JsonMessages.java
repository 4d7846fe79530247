package io.jenkins.plugins.dockerdelivery.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's JSON on the build path, read and written with jackson-core's streaming API into plain
 * maps, lists and scalars. Databind would do the same with five times the classes to load, which a
 * cold command-line build pays for: about a tenth of a second.
 */
final class JsonMessages implements Closeable {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonParser parser;

    /** A stream of concatenated JSON objects, as the build endpoint answers. */
    JsonMessages(InputStream in) throws IOException {
        this.parser = FACTORY.createParser(in);
    }

    /** The next message, or null at the end of the stream. */
    Map<String, Object> next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new IOException("expected a JSON object from the daemon, got " + token);
        }
        return object(parser);
    }

    static Map<String, Object> parse(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            return object(p);
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, value(p));
        }
        return map;
    }

    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }

    /** {@code message.key} as text, or null when absent or not a string. */
    static String text(Map<String, Object> message, String key) {
        return message != null && message.get(key) instanceof String s ? s : null;
    }

    /** {@code message.key} as an object, or an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> message, String key) {
        return message != null && message.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A flat or nested map of strings, as JSON. */
    static String write(Map<String, ?> map) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeObject(g, map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeObject(JsonGenerator g, Map<String, ?> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) nested;
                writeObject(g, typed);
            } else {
                g.writeString(String.valueOf(e.getValue()));
            }
        }
        g.writeEndObject();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
