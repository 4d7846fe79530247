package io.jenkins.plugins.dockerdelivery.docker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the {@code moby.buildkit.trace} messages of a BuildKit build: base64 of a protobuf {@code
 * moby.buildkit.v1.StatusResponse} (buildkit {@code api/services/control/control.proto}). Only the
 * fields progress display needs are read; unknown fields are skipped, so newer daemons keep working.
 */
final class BuildKitTrace {
    private BuildKitTrace() {}

    record Vertex(String digest, String name, boolean cached, long startedNanos, long completedNanos, String error) {}

    record Status(
            String id,
            String vertex,
            String name,
            long current,
            long total,
            long timestampNanos,
            long startedNanos,
            boolean completed) {}

    record Log(String vertex, int stream, byte[] message) {}

    record StatusResponse(List<Vertex> vertexes, List<Status> statuses, List<Log> logs) {}

    static StatusResponse decode(byte[] bytes) {
        Reader r = new Reader(bytes, 0, bytes.length);
        List<Vertex> vertexes = new ArrayList<>();
        List<Status> statuses = new ArrayList<>();
        List<Log> logs = new ArrayList<>();
        while (r.more()) {
            int tag = r.varint32();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == 2) {
                vertexes.add(vertex(r.message()));
            } else if (field == 2 && (tag & 7) == 2) {
                statuses.add(status(r.message()));
            } else if (field == 3 && (tag & 7) == 2) {
                logs.add(log(r.message()));
            } else {
                r.skip(tag);
            }
        }
        return new StatusResponse(vertexes, statuses, logs);
    }

    private static Vertex vertex(Reader r) {
        String digest = "";
        String name = "";
        boolean cached = false;
        long started = 0;
        long completed = 0;
        String error = "";
        while (r.more()) {
            int tag = r.varint32();
            switch (tag >>> 3) {
                case 1 -> digest = r.string();
                case 3 -> name = r.string();
                case 4 -> cached = r.varint() != 0;
                case 5 -> started = timestamp(r.message());
                case 6 -> completed = timestamp(r.message());
                case 7 -> error = r.string();
                default -> r.skip(tag);
            }
        }
        return new Vertex(digest, name, cached, started, completed, error);
    }

    private static Status status(Reader r) {
        String id = "";
        String vertex = "";
        String name = "";
        long current = 0;
        long total = 0;
        long timestamp = 0;
        long started = 0;
        boolean completed = false;
        while (r.more()) {
            int tag = r.varint32();
            switch (tag >>> 3) {
                case 1 -> id = r.string();
                case 2 -> vertex = r.string();
                case 3 -> name = r.string();
                case 4 -> current = r.varint();
                case 5 -> total = r.varint();
                case 6 -> timestamp = timestamp(r.message());
                case 7 -> started = timestamp(r.message());
                case 8 -> {
                    r.message();
                    completed = true;
                }
                default -> r.skip(tag);
            }
        }
        return new Status(id, vertex, name, current, total, timestamp, started, completed);
    }

    private static Log log(Reader r) {
        String vertex = "";
        int stream = 0;
        byte[] message = new byte[0];
        while (r.more()) {
            int tag = r.varint32();
            switch (tag >>> 3) {
                case 1 -> vertex = r.string();
                case 3 -> stream = (int) r.varint();
                case 4 -> message = r.bytes();
                default -> r.skip(tag);
            }
        }
        return new Log(vertex, stream, message);
    }

    /** google.protobuf.Timestamp as nanoseconds since the epoch. */
    private static long timestamp(Reader r) {
        long seconds = 0;
        long nanos = 0;
        while (r.more()) {
            int tag = r.varint32();
            switch (tag >>> 3) {
                case 1 -> seconds = r.varint();
                case 2 -> nanos = r.varint();
                default -> r.skip(tag);
            }
        }
        return seconds * 1_000_000_000L + nanos;
    }

    /** The protobuf wire format, as far as StatusResponse uses it. */
    private static final class Reader {
        private final byte[] bytes;
        private int at;
        private final int end;

        Reader(byte[] bytes, int at, int end) {
            this.bytes = bytes;
            this.at = at;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = bytes[at++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        int varint32() {
            return (int) varint();
        }

        Reader message() {
            int length = length();
            Reader inner = new Reader(bytes, at, at + length);
            at += length;
            return inner;
        }

        byte[] bytes() {
            int length = length();
            byte[] out = java.util.Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return out;
        }

        String string() {
            int length = length();
            String s = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return s;
        }

        private int length() {
            long length = varint();
            if (length < 0 || at + length > end) {
                throw new IllegalArgumentException("field length " + length + " runs past the message");
            }
            return (int) length;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> {
                    int length = length(); // not "at += length()": that reads at before length() moves it
                    at += length;
                }
                case 5 -> at += 4;
                default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
            }
            if (at > end) {
                throw new IllegalArgumentException("field runs past the message");
            }
        }
    }
}
