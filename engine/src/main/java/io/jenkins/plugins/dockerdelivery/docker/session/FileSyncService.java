package io.jenkins.plugins.dockerdelivery.docker.session;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.filesync.FileSyncGrpc;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Packet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * {@code /moby.filesync.v1.FileSync/DiffCopy}: the daemon names the source it wants in the {@code
 * dir-name} header ({@code context} or {@code dockerfile}); each stream gets a {@link DiffCopySender}
 * on a thread of its own.
 */
final class FileSyncService extends FileSyncGrpc.FileSyncImplBase {
    static final String DIFF_COPY = "/moby.filesync.v1.FileSync/DiffCopy";

    private final Map<String, SyncSource> sources;
    private final Executor senders;
    private final Consumer<SyncStats> report;
    private final List<DiffCopySender> notCompleted = new CopyOnWriteArrayList<>();

    FileSyncService(Map<String, SyncSource> sources, Executor senders, Consumer<SyncStats> report) {
        this.sources = Map.copyOf(sources);
        this.senders = senders;
        this.report = report;
    }

    @Override
    public StreamObserver<Packet> diffCopy(StreamObserver<Packet> responseObserver) {
        String name = CallMetadata.first("dir-name");
        SyncSource source = sources.get(name);
        if (source == null) {
            responseObserver.onError(Status.NOT_FOUND
                    .withDescription("no access allowed to dir \"" + name + "\"")
                    .asRuntimeException());
            return new Ignored();
        }
        List<String> excludes = CallMetadata.all("exclude-patterns");
        SyncFilter filter = source.filter(
                CallMetadata.all("include-patterns"),
                CallMetadata.all("followpaths"),
                excludes,
                "true".equals(CallMetadata.first("override-excludes")));
        DiffCopySender sender =
                new DiffCopySender(name, source, filter, (ServerCallStreamObserver<Packet>) responseObserver, report);
        notCompleted.add(sender);
        senders.execute(() -> {
            sender.run();
            if (sender.complete()) {
                notCompleted.remove(sender); // and its chunk buffer with it
            }
        });
        return sender;
    }

    /** How far each transfer that began and did not run to its end got: said when a build stops mid-transfer. */
    List<SyncStats> unfinished() {
        return notCompleted.stream()
                .filter(sender -> !sender.complete())
                .map(DiffCopySender::stats)
                .toList();
    }

    /** The inbound side of a refused call. */
    private static final class Ignored implements StreamObserver<Packet> {
        @Override
        public void onNext(Packet value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
    }
}
