package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.ServerCallStreamObserver;
import io.jenkins.plugins.dockerdelivery.docker.DockerIgnore;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Packet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender's side of DiffCopy against a scripted receiver: order, IDs, chunks, FIN, and flow control. */
class DiffCopySenderTest {
    @TempDir
    Path root;

    private static final Packet FIN =
            Packet.newBuilder().setType(Packet.PacketType.PACKET_FIN).build();

    /** The receiver's request for the file with this ID. */
    private static Packet request(int id) {
        return Packet.newBuilder()
                .setType(Packet.PacketType.PACKET_REQ)
                .setID(id)
                .build();
    }

    /** Where the walk ended: the position of the empty STAT among what was sent. */
    private static int endOfWalk(List<Packet> sent) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).getType() == Packet.PacketType.PACKET_STAT
                    && !sent.get(i).hasStat()) {
                return i;
            }
        }
        return -1;
    }

    /** A transport that is ready only when the test says so, and records what is sent. */
    static final class FakeStream extends ServerCallStreamObserver<Packet> {
        final List<Packet> sent = new CopyOnWriteArrayList<>();
        final AtomicBoolean ready = new AtomicBoolean(true);
        final AtomicBoolean sentWhileNotReady = new AtomicBoolean();
        final AtomicBoolean completed = new AtomicBoolean();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile Runnable onReady = () -> {};
        /** The transport stops being ready once this many packets are sent. */
        volatile int readyFor = Integer.MAX_VALUE;

        void setReady(boolean value) {
            ready.set(value);
            if (value) {
                onReady.run();
            }
        }

        @Override
        public boolean isReady() {
            return ready.get();
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReady = handler;
        }

        @Override
        public void onNext(Packet value) {
            if (!ready.get()) {
                sentWhileNotReady.set(true);
            }
            try {
                sent.add(Packet.parseFrom(value.toByteArray())); // serialised now, as gRPC does inside onNext
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
            if (sent.size() >= readyFor) {
                ready.set(false);
            }
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onCompleted() {
            completed.set(true);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setOnCancelHandler(Runnable onCancelHandler) {}

        @Override
        public void setCompression(String compression) {}

        @Override
        public void disableAutoInboundFlowControl() {}

        @Override
        public void request(int count) {}

        @Override
        public void setMessageCompression(boolean enable) {}
    }

    @Test
    void statsThenRequestedFilesInChunksThenFinAndNothingWhileTheTransportIsNotReady() throws Exception {
        Files.createDirectories(root.resolve("dir"));
        byte[] big = new byte[DiffCopySender.CHUNK * 2 + 100];
        big[DiffCopySender.CHUNK] = 7;
        Files.write(root.resolve("dir/big.bin"), big);
        Files.writeString(root.resolve("small.txt"), "hello");
        FakeStream out = new FakeStream();
        AtomicReference<SyncStats> stats = new AtomicReference<>();
        ContextDirectory source = new ContextDirectory(root, DockerIgnore.none());
        DiffCopySender sender = new DiffCopySender(
                "context", source, source.filter(List.of(), List.of(), List.of(), false), out, stats::set);
        Thread thread = new Thread(sender::run);
        thread.start();

        // walk: dir (ID 0), dir/big.bin (1), small.txt (2), then the empty STAT
        for (int i = 0; i < 200 && out.sent.size() < 4; i++) {
            Thread.sleep(10);
        }
        assertThat(out.sent).hasSize(4);
        assertThat(out.sent.stream().map(p -> p.getStat().getPath()).toList())
                .containsExactly("dir", "dir/big.bin", "small.txt", "");

        out.setReady(false);
        sender.onNext(request(1));
        Thread.sleep(300);
        assertThat(out.sent)
                .as("nothing is sent while the transport is not ready")
                .hasSize(4);
        assertThat(sender.complete()).as("complete before the daemon's FIN").isFalse();
        assertThat(sender.stats())
                .as("how far it got, for a build stopped now")
                .isEqualTo(new SyncStats("context", 3, 0, 0));
        out.setReady(true);
        sender.onNext(FIN);
        thread.join(TimeUnit.SECONDS.toMillis(10));

        List<Packet> data = out.sent.subList(4, out.sent.size() - 1);
        assertThat(data).hasSize(4); // asked for after the walk: 1 MiB, 1 MiB, 100 bytes, then the empty end
        assertThat(data).allMatch(p -> p.getType() == Packet.PacketType.PACKET_DATA && p.getID() == 1);
        assertThat(data.get(0).getData().size()).isEqualTo(DiffCopySender.CHUNK);
        assertThat(data.get(1).getData().byteAt(0)).isEqualTo((byte) 7);
        assertThat(data.get(2).getData().size()).isEqualTo(100);
        assertThat(data.get(3).getData().isEmpty()).isTrue();
        assertThat(out.sent.get(out.sent.size() - 1).getType()).isEqualTo(Packet.PacketType.PACKET_FIN);
        assertThat(out.completed).isTrue();
        assertThat(out.sentWhileNotReady).isFalse();
        assertThat(stats.get()).isEqualTo(new SyncStats("context", 3, 1, big.length));
        assertThat(sender.complete()).isTrue();
    }

    /** As fsutil's sender: a file asked for early goes out while the walk goes on, not after it. */
    @Test
    void aFileAskedForDuringTheWalkIsSentBeforeTheWalkEnds() throws Exception {
        for (int i = 0; i < 100; i++) {
            Files.writeString(root.resolve(String.format("f%03d", i)), "content " + i);
        }
        FakeStream out = new FakeStream();
        out.readyFor = 2; // the sender waits after two STATs, as for a slow daemon, until f001 is asked for
        ContextDirectory source = new ContextDirectory(root, DockerIgnore.none());
        DiffCopySender sender = new DiffCopySender(
                "context", source, source.filter(List.of(), List.of(), List.of(), false), out, s -> {});
        Thread thread = new Thread(sender::run);
        thread.start();
        for (int i = 0; i < 500 && out.sent.size() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(out.sent.get(1).getStat().getPath()).isEqualTo("f001");
        sender.onNext(request(1));
        out.readyFor = Integer.MAX_VALUE;
        out.setReady(true);
        for (int i = 0; i < 500 && out.sent.size() < 103; i++) {
            Thread.sleep(10);
        }
        sender.onNext(FIN);
        thread.join(TimeUnit.SECONDS.toMillis(10));

        List<Packet.PacketType> types = out.sent.stream().map(Packet::getType).toList();
        int endOfWalk = endOfWalk(out.sent);
        int firstData = types.indexOf(Packet.PacketType.PACKET_DATA);
        assertThat(out.sent).hasSize(100 + 1 + 2 + 1); // STATs, end of walk, f001 and its end, FIN
        // f000, f001, perhaps f002 if it was waiting for the transport already: then f001's content at once
        assertThat(firstData).isBetween(2, 3);
        assertThat(firstData).isLessThan(endOfWalk);
        assertThat(out.sent.get(firstData).getData().toStringUtf8()).isEqualTo("content 1");
        assertThat(types.get(types.size() - 1)).isEqualTo(Packet.PacketType.PACKET_FIN);
        assertThat(out.sentWhileNotReady).isFalse();
    }

    /**
     * Files go first, the walk goes on beside them: while a requested file is in flight, a STAT follows
     * every {@value DiffCopySender#CHUNKS_PER_STAT} chunks of {@value DiffCopySender#WALK_CHUNK} bytes, so
     * the daemon's file writer is never left waiting on a walk sent ahead, nor its entry creator on a long
     * file. Once the walk has ended, the rest of the file goes out in chunks of
     * {@value DiffCopySender#CHUNK} bytes.
     */
    @Test
    void whileAFileIsSentTheWalkGoesOnAtOneStatPerFourSmallChunksThenTheRestGoesInLargeOnes() throws Exception {
        // more than the walk's 31 STATs need beside them, and more than one large chunk after the walk
        int size = 31 * DiffCopySender.CHUNKS_PER_STAT * DiffCopySender.WALK_CHUNK + 2 * DiffCopySender.CHUNK + 5;
        Files.write(root.resolve("a.bin"), new byte[size]);
        for (int i = 0; i < 30; i++) {
            Files.writeString(root.resolve(String.format("f%03d", i)), "content " + i);
        }
        FakeStream out = new FakeStream();
        out.readyFor = 1; // the transport waits after the first STAT (a.bin) until a.bin is asked for
        ContextDirectory source = new ContextDirectory(root, DockerIgnore.none());
        DiffCopySender sender = new DiffCopySender(
                "context", source, source.filter(List.of(), List.of(), List.of(), false), out, s -> {});
        Thread thread = new Thread(sender::run);
        thread.start();
        for (int i = 0; i < 500 && out.sent.isEmpty(); i++) {
            Thread.sleep(10);
        }
        Thread.sleep(50); // the walk, 31 entries, is all waiting for the sender now
        sender.onNext(request(0));
        out.readyFor = Integer.MAX_VALUE;
        out.setReady(true);
        for (int i = 0; i < 500 && !endOfFileSent(out.sent); i++) {
            Thread.sleep(10);
        }
        sender.onNext(FIN);
        thread.join(TimeUnit.SECONDS.toMillis(10));

        List<Packet.PacketType> types = out.sent.stream().map(Packet::getType).toList();
        assertThat(types).endsWith(Packet.PacketType.PACKET_FIN);
        int endOfWalk = endOfWalk(out.sent);
        // a.bin's content starts at once (after at most the STAT that was waiting for the transport)...
        assertThat(types.indexOf(Packet.PacketType.PACKET_DATA)).isBetween(1, 2);
        // ...and during the walk a STAT follows every four small chunks: neither waits for the other
        int run = 0;
        int longestRun = 0;
        int chunksDuringWalk = 0;
        for (int i = 0; i < endOfWalk; i++) {
            if (types.get(i) == Packet.PacketType.PACKET_DATA) {
                assertThat(out.sent.get(i).getData().size()).isEqualTo(DiffCopySender.WALK_CHUNK);
                chunksDuringWalk++;
                longestRun = Math.max(longestRun, ++run);
            } else {
                run = 0;
            }
        }
        assertThat(types.subList(0, endOfWalk))
                .filteredOn(t -> t == Packet.PacketType.PACKET_STAT)
                .hasSize(31);
        assertThat(longestRun).isEqualTo(DiffCopySender.CHUNKS_PER_STAT);
        assertThat(chunksDuringWalk)
                .isBetween(30 * DiffCopySender.CHUNKS_PER_STAT, 32 * DiffCopySender.CHUNKS_PER_STAT);
        // after the walk: large chunks, the last one shorter, then the empty end of the file
        List<Integer> after = out.sent.subList(endOfWalk + 1, out.sent.size() - 1).stream()
                .map(p -> p.getData().size())
                .toList();
        assertThat(after.size()).isGreaterThanOrEqualTo(4);
        assertThat(after.subList(0, after.size() - 2)).allMatch(n -> n == DiffCopySender.CHUNK);
        assertThat(after.get(after.size() - 2)).isBetween(1, DiffCopySender.CHUNK - 1);
        assertThat(after.get(after.size() - 1)).isZero();
        long bytes = out.sent.stream()
                .filter(p -> p.getType() == Packet.PacketType.PACKET_DATA)
                .mapToLong(p -> p.getData().size())
                .sum();
        assertThat(bytes).isEqualTo(size);
        assertThat(out.sentWhileNotReady).isFalse();
    }

    /** Whether the empty DATA that ends a file has been sent. */
    private static boolean endOfFileSent(List<Packet> sent) {
        return sent.stream()
                .anyMatch(p -> p.getType() == Packet.PacketType.PACKET_DATA
                        && p.getData().isEmpty());
    }

    @Test
    void aRequestForANonFileIsAnErrorToTheDaemon() throws Exception {
        Files.createDirectories(root.resolve("dir"));
        FakeStream out = new FakeStream();
        ContextDirectory source = new ContextDirectory(root, DockerIgnore.none());
        DiffCopySender sender = new DiffCopySender(
                "context", source, source.filter(List.of(), List.of(), List.of(), false), out, s -> {});
        sender.onNext(request(0));
        sender.run();
        assertThat(out.sent.get(out.sent.size() - 1).getType()).isEqualTo(Packet.PacketType.PACKET_ERR);
        assertThat(out.error.get()).hasMessageContaining("which is no file");
    }

    @Test
    void theDockerfilesTimeFollowsItsContentSoTheSameDockerfileIsNotSentAgain() {
        byte[] a = "FROM scratch\nCOPY a /\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] b = "FROM scratch\nCOPY b /\n".getBytes(java.nio.charset.StandardCharsets.UTF_8); // same size
        assertThat(DockerfileSource.modTimeOf(a)).isEqualTo(DockerfileSource.modTimeOf(a.clone()));
        assertThat(DockerfileSource.modTimeOf(a)).isNotEqualTo(DockerfileSource.modTimeOf(b));
        assertThat(DockerfileSource.modTimeOf(a)).isNotNegative();
    }

    @Test
    void theDockerfileSourceServesItsBytesFromMemory() throws IOException {
        DockerfileSource source = new DockerfileSource("Dockerfile.ci", "FROM scratch\n".getBytes());
        List<String> names = new java.util.ArrayList<>();
        source.walk(source.filter(List.of("Dockerfile.ci"), List.of(), List.of(), false), s -> names.add(s.getPath()));
        assertThat(names).containsExactly("Dockerfile.ci");
        names.clear();
        source.walk(source.filter(List.of("other"), List.of(), List.of(), false), s -> names.add(s.getPath()));
        assertThat(names).isEmpty();
    }
}
