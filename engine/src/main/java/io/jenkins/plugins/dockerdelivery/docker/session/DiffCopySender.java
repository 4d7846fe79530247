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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * fsutil's sender side of one DiffCopy stream: one STAT per entry walked (its ID is its position; the
 * walk runs a bounded distance ahead on a thread of its own, see {@link WalkAhead}), an empty STAT to
 * end the walk, and the content of each file the receiver asks for with REQ, in DATA packets closed by
 * an empty one; the receiver's FIN is answered with FIN.
 *
 * <p>The receiver asks for a file as soon as it has read its STAT, so files are sent while the walk goes
 * on, as fsutil's own sender does: while requested files wait, up to {@value #CHUNKS_PER_STAT} chunks of
 * them go out after each STAT, and the walk's next STAT after those; with none waiting, the walk goes on
 * at its own pace. The daemon then writes files while it is still comparing the rest of the tree,
 * instead of waiting for the end of the walk. Once the walk has ended, files go out in larger chunks.
 * Everything is sent from one thread, and each packet waits until the transport is ready for it, so a
 * file never piles up in the heap whatever the context's size.
 */
final class DiffCopySender implements StreamObserver<Packet> {
    /**
     * The DATA size while the walk goes on: small, so that the next STAT is never far behind (see
     * {@link #CHUNKS_PER_STAT}).
     */
    static final int WALK_CHUNK = 32 * 1024;
    /**
     * The DATA size once the walk has ended, when nothing waits behind a file any more. Each packet costs
     * a message's framing on both sides and a write on the daemon's, so fewer and larger ones move a
     * large file faster: the 1 GiB context's first transfer took a median of 7.9 s with 1 MiB after the
     * walk against 8.6 s with 32 KiB throughout, in 5 rounds on a slow day (docs/performance.md). The
     * daemon accepts gRPC messages of up to 4 MiB, and fsutil's receiver writes DATA of any length.
     */
    static final int CHUNK = 1024 * 1024;
    /**
     * Why files go first: fsutil's receiver creates the entries it is told of on one goroutine and writes
     * the files' data on another, the one that reads the stream, which stops reading while 128 STATs wait
     * for the first. A walk sent ahead of the data (eight STATs per chunk, before) kept that writer idle
     * while the other created the thousands of files of a site, and the cores idle with it: a median of
     * 7.2 core-seconds of a 1.8 GB first build's transfer, against 2.2 with this ratio and 2.1 with the
     * docker CLI, whose fsutil sender has four file senders beside its walker (docs/performance.md).
     */
    static final int CHUNKS_PER_STAT = 4;
    /** How long the sender waits for the walk before it looks at the receiver's requests again. */
    private static final long WALK_POLL_MILLIS = 2;

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
    private final ArrayDeque<Integer> requested = new ArrayDeque<>(); // IDs asked for, not yet being sent
    private FileInFlight sending; // the file whose chunks go out now
    private boolean finished; // the receiver said FIN
    // one buffer for every chunk: gRPC serialises a message into its own frames inside onNext, so the
    // array is free again when onNext returns, and a 1.8 GB context allocates 1 MiB, not 1.8 GB
    private final byte[] chunk = new byte[CHUNK];
    private volatile boolean gone;
    // volatile: a build that stops mid-transfer reads them from its own thread, to say how far it got
    private volatile long walked;
    private volatile long filesSent;
    private volatile long bytesSent;
    private volatile boolean complete;

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

    /** A requested file being sent, chunk after chunk. */
    private record FileInFlight(int id, String path, ReadableByteChannel in) {}

    /** Runs the whole exchange; called on a thread of its own. */
    void run() {
        try {
            try (WalkAhead walk = WalkAhead.start(source, filter, sourceName)) {
                int chunksSinceStat = 0;
                boolean walking = true;
                while (walking) {
                    if (!takeRequests()) {
                        return;
                    }
                    boolean filesWaiting = sending != null || !requested.isEmpty();
                    if (filesWaiting && chunksSinceStat < CHUNKS_PER_STAT) {
                        sendChunk(WALK_CHUNK);
                        chunksSinceStat++;
                        continue;
                    }
                    WalkAhead.Next next = filesWaiting ? walk.poll() : walk.poll(WALK_POLL_MILLIS);
                    switch (next.kind()) {
                        case ENTRY -> {
                            sendStat(next.stat());
                            chunksSinceStat = 0;
                        }
                        case END -> walking = false;
                        case NOT_YET -> {
                            if (filesWaiting) {
                                sendChunk(WALK_CHUNK); // the walk is behind: the wire carries a file meanwhile
                            }
                        }
                    }
                }
            }
            send(Packet.newBuilder().setType(Packet.PacketType.PACKET_STAT).build());
            while (takeRequests()) {
                if (sending != null || !requested.isEmpty()) {
                    sendChunk(CHUNK);
                } else if (finished) {
                    send(Packet.newBuilder()
                            .setType(Packet.PacketType.PACKET_FIN)
                            .build());
                    out.onCompleted();
                    complete = true;
                    report.accept(stats());
                    return;
                } else if (!handle(inbox.take())) {
                    return;
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
        } finally {
            closeSending();
        }
    }

    /** Takes the receiver's packets that have arrived, without waiting; false when the exchange is over. */
    private boolean takeRequests() throws IOException {
        for (Packet packet; (packet = inbox.poll()) != null; ) {
            if (!handle(packet)) {
                return false;
            }
        }
        return true;
    }

    /** Acts on one packet of the receiver; false when the exchange is over. */
    private boolean handle(Packet packet) throws IOException {
        if (gone) {
            return false; // the daemon went away: nothing to answer
        }
        switch (packet.getType()) {
            case PACKET_REQ -> requested.add(packet.getID());
            // fsutil's receiver says FIN once it has the end of the walk and every file it asked for;
            // anything still asked for is sent first all the same, then FIN answers it
            case PACKET_FIN -> finished = true;
            case PACKET_ERR -> {
                fail(Status.ABORTED.withDescription(
                        "error from the daemon: " + packet.getData().toStringUtf8()));
                return false;
            }
            default -> {
                // STAT and DATA only flow the other way
            }
        }
        return true;
    }

    private void sendStat(Stat stat) throws IOException {
        files.add(GoFileMode.isRegular(stat.getMode()) ? stat.getPath() : null);
        walked = walked + 1; // one writer: the sender's thread
        send(Packet.newBuilder()
                .setType(Packet.PacketType.PACKET_STAT)
                .setStat(stat)
                .build());
    }

    /** Whether the whole exchange ran, up to the receiver's FIN and this side's answer. */
    boolean complete() {
        return complete;
    }

    SyncStats stats() {
        return new SyncStats(sourceName, walked, filesSent, bytesSent);
    }

    /**
     * Sends the next chunk, of up to {@code size} bytes, of the file being sent, opening the next
     * requested one first if none is; the last chunk of a file is followed by the empty DATA that ends it.
     */
    private void sendChunk(int size) throws IOException {
        if (sending == null) {
            int id = requested.remove();
            String path = id >= 0 && id < files.size() ? files.get(id) : null;
            if (path == null) {
                throw new IOException(
                        "the daemon asked for entry " + Integer.toUnsignedString(id) + ", which is no file");
            }
            try {
                sending = new FileInFlight(id, path, source.open(path));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IOException(path + " disappeared while the build was reading it", e);
            }
        }
        ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, size);
        try {
            while (buffer.hasRemaining() && sending.in().read(buffer) >= 0) {
                // a channel may return fewer bytes than asked: fill the chunk or reach the end
            }
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new IOException("cannot read " + sending.path() + ": " + why, e);
        }
        int length = buffer.position();
        if (length > 0) {
            send(Packet.newBuilder()
                    .setType(Packet.PacketType.PACKET_DATA)
                    .setID(sending.id())
                    .setData(UnsafeByteOperations.unsafeWrap(chunk, 0, length))
                    .build());
            bytesSent = bytesSent + length; // one writer: the sender's thread
        }
        if (length < size) {
            int id = sending.id();
            closeSending();
            send(Packet.newBuilder()
                    .setType(Packet.PacketType.PACKET_DATA)
                    .setID(id)
                    .build());
            filesSent = filesSent + 1;
        }
    }

    private void closeSending() {
        if (sending != null) {
            try {
                sending.in().close();
            } catch (IOException ignored) {
                // read only: nothing was lost
            }
            sending = null;
        }
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
