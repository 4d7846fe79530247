package io.jenkins.plugins.dockerdelivery.docker.session;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.filesync.FileSyncGrpc;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Packet;
import java.util.List;
import java.util.Map;
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
        senders.execute(sender::run);
        return sender;
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
