package io.jenkins.plugins.dockerdelivery.docker.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Packet;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Stat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * fsutil's sender side of one DiffCopy stream: one STAT per entry walked (its ID is its position; the
 * walk runs a bounded distance ahead on a thread of its own, see {@link WalkAhead}),
 * an empty STAT to end the walk, then the content of each file the receiver asks for with REQ, in
 * 32 KiB DATA packets closed by an empty one; the receiver's FIN is answered with FIN. Everything is
 * sent from one thread, and each packet waits until the transport is ready for it, so a file never
 * piles up in the heap whatever the context's size.
 */
final class DiffCopySender implements StreamObserver<Packet> {
    static final int CHUNK = 32 * 1024;
    private static final Packet END = Packet.newBuilder().build();
    private static final long CANCELLED_POLL_SECONDS = 1;

    private final SyncSource source;
    private final SyncFilter filter;
    private final ServerCallStreamObserver<Packet> out;
    private final String sourceName;
    private final Consumer<SyncStats> report;
    private final LinkedBlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
    private final Object readiness = new Object();
    private final List<String> files = new ArrayList<>(); // by ID; null for entries without content
    // one buffer for every chunk: gRPC serialises a message into its own frames inside onNext, so the
    // array is free again when onNext returns, and a 1.8 GB context allocates 32 KiB, not 1.8 GB
    private final byte[] chunk = new byte[CHUNK];
    private volatile boolean gone;
    private long walked;
    private long filesSent;
    private long bytesSent;

    DiffCopySender(
            String sourceName,
            SyncSource source,
            SyncFilter filter,
            ServerCallStreamObserver<Packet> out,
            Consumer<SyncStats> report) {
        this.sourceName = sourceName;
        this.source = source;
        this.filter = filter;
        this.out = out;
        this.report = report;
        out.setOnReadyHandler(this::wake);
        out.setOnCancelHandler(() -> {
            gone = true;
            wake();
            inbox.offer(END);
        });
    }

    private void wake() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    /** Runs the whole exchange; called on a thread of its own. */
    void run() {
        try {
            try (WalkAhead walk = WalkAhead.start(source, filter, sourceName)) {
                for (Stat stat; (stat = walk.next()) != null; ) {
                    files.add(GoFileMode.isRegular(stat.getMode()) ? stat.getPath() : null);
                    walked++;
                    send(Packet.newBuilder()
                            .setType(Packet.PacketType.PACKET_STAT)
                            .setStat(stat)
                            .build());
                }
            }
            send(Packet.newBuilder().setType(Packet.PacketType.PACKET_STAT).build());
            while (true) {
                Packet packet = inbox.take();
                if (gone) {
                    return; // the daemon went away: nothing to answer
                }
                switch (packet.getType()) {
                    case PACKET_REQ -> sendFile(packet.getID());
                    case PACKET_FIN -> {
                        send(Packet.newBuilder()
                                .setType(Packet.PacketType.PACKET_FIN)
                                .build());
                        out.onCompleted();
                        report.accept(stats());
                        return;
                    }
                    case PACKET_ERR -> {
                        fail(Status.ABORTED.withDescription(
                                "error from the daemon: " + packet.getData().toStringUtf8()));
                        return;
                    }
                    default -> {
                        // STAT and DATA only flow the other way
                    }
                }
            }
        } catch (InterruptedException | java.io.InterruptedIOException e) {
            Thread.currentThread().interrupt();
            fail(Status.CANCELLED.withDescription("the session is closing"));
        } catch (Gone e) {
            // the stream was cancelled by the daemon: nothing more to say
        } catch (IOException | RuntimeException e) {
            String message = "docker-delivery could not send the " + sourceName + ": " + e.getMessage();
            try {
                send(Packet.newBuilder()
                        .setType(Packet.PacketType.PACKET_ERR)
                        .setData(ByteString.copyFrom(message, StandardCharsets.UTF_8))
                        .build());
            } catch (IOException ignored) {
                // the receiver is gone already
            }
            fail(Status.INTERNAL.withDescription(message));
        }
    }

    SyncStats stats() {
        return new SyncStats(sourceName, walked, filesSent, bytesSent);
    }

    private void sendFile(int id) throws IOException {
        String path = id >= 0 && id < files.size() ? files.get(id) : null;
        if (path == null) {
            throw new IOException("the daemon asked for entry " + Integer.toUnsignedString(id) + ", which is no file");
        }
        try (ReadableByteChannel in = source.open(path)) {
            while (true) {
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                int n;
                while (buffer.hasRemaining() && (n = in.read(buffer)) >= 0) {
                    if (n == 0) {
                        continue;
                    }
                }
                int length = buffer.position();
                if (length > 0) {
                    send(Packet.newBuilder()
                            .setType(Packet.PacketType.PACKET_DATA)
                            .setID(id)
                            .setData(UnsafeByteOperations.unsafeWrap(chunk, 0, length))
                            .build());
                    bytesSent += length;
                }
                if (length < CHUNK) {
                    break;
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(path + " disappeared while the build was reading it", e);
        }
        send(Packet.newBuilder()
                .setType(Packet.PacketType.PACKET_DATA)
                .setID(id)
                .build());
        filesSent++;
    }

    /** The stream was cancelled: stop sending. */
    private static final class Gone extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private void send(Packet packet) throws IOException {
        synchronized (readiness) {
            while (!out.isReady()) {
                if (gone) {
                    throw new Gone();
                }
                try {
                    readiness.wait(TimeUnit.SECONDS.toMillis(CANCELLED_POLL_SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("the session is closing");
                }
            }
        }
        if (gone) {
            throw new Gone();
        }
        out.onNext(packet);
    }

    private void fail(Status status) {
        if (!gone) {
            try {
                out.onError(status.asRuntimeException());
            } catch (IllegalStateException alreadyClosed) {
                // the call ended meanwhile
            }
        }
    }

    // inbound: the receiver's REQ, FIN and ERR packets, handed to the sending thread in order

    @Override
    public void onNext(Packet packet) {
        inbox.offer(packet);
    }

    @Override
    public void onError(Throwable t) {
        gone = true;
        wake();
        inbox.offer(END);
    }

    @Override
    public void onCompleted() {
        // the receiver half-closes only after FIN, which is queued already
    }
}
