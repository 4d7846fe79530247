package io.jenkins.plugins.dockerdelivery.docker.session;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.sshforward.BytesMessage;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.sshforward.CheckAgentRequest;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.sshforward.CheckAgentResponse;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.sshforward.SSHGrpc;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code /moby.sshforward.v1.SSH}: {@code RUN --mount=type=ssh} reaches an SSH agent of this machine
 * (id → agent socket, {@code default} usually being {@code SSH_AUTH_SOCK}). Each ForwardAgent stream is
 * one connection to the agent, its bytes copied both ways; the agent does the signing, no key ever
 * leaves it.
 */
final class SshForwardService extends SSHGrpc.SSHImplBase {
    static final String CHECK_AGENT = "/moby.sshforward.v1.SSH/CheckAgent";
    static final String FORWARD_AGENT = "/moby.sshforward.v1.SSH/ForwardAgent";
    private static final String ID_HEADER = "buildkit.ssh.id";
    private static final int CHUNK = 16 * 1024;

    private final Map<String, Path> agents;
    private final Executor pumps;

    SshForwardService(Map<String, Path> agents, Executor pumps) {
        this.agents = Map.copyOf(agents);
        this.pumps = pumps;
    }

    @Override
    public void checkAgent(CheckAgentRequest request, StreamObserver<CheckAgentResponse> responseObserver) {
        Path socket = agents.get(request.getID().isEmpty() ? "default" : request.getID());
        if (socket == null) {
            responseObserver.onError(unknown(request.getID()).asRuntimeException());
            return;
        }
        if (!Files.exists(socket)) {
            responseObserver.onError(Status.UNAVAILABLE
                    .withDescription("the SSH agent socket " + socket + " for ssh id " + request.getID()
                            + " does not exist: is the agent running?")
                    .asRuntimeException());
            return;
        }
        responseObserver.onNext(CheckAgentResponse.getDefaultInstance());
        responseObserver.onCompleted();
    }

    private static Status unknown(String id) {
        return Status.NOT_FOUND.withDescription("no SSH agent is forwarded for ssh id '" + id + "': give it with --ssh "
                + id + " (CLI) or ssh: ['" + id + "'] (dockerBuildPush)");
    }

    @Override
    public StreamObserver<BytesMessage> forwardAgent(StreamObserver<BytesMessage> responseObserver) {
        String id = CallMetadata.first(ID_HEADER);
        Path socket = agents.get(id.isEmpty() ? "default" : id);
        if (socket == null) {
            responseObserver.onError(unknown(id).asRuntimeException());
            return new Discard();
        }
        SocketChannel agent;
        try {
            agent = SocketChannel.open(StandardProtocolFamily.UNIX);
            agent.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            responseObserver.onError(Status.UNAVAILABLE
                    .withDescription("cannot reach the SSH agent at " + socket + ": " + e.getMessage())
                    .asRuntimeException());
            return new Discard();
        }
        ServerCallStreamObserver<BytesMessage> out = (ServerCallStreamObserver<BytesMessage>) responseObserver;
        Object readiness = new Object();
        out.setOnReadyHandler(() -> {
            synchronized (readiness) {
                readiness.notifyAll();
            }
        });
        out.setOnCancelHandler(() -> close(agent));
        pumps.execute(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            try {
                while (agent.read(buffer) >= 0) {
                    buffer.flip();
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    buffer.clear();
                    synchronized (readiness) {
                        while (!out.isReady() && agent.isOpen()) {
                            readiness.wait(1000);
                        }
                    }
                    out.onNext(BytesMessage.newBuilder()
                            .setData(UnsafeByteOperations.unsafeWrap(bytes))
                            .build());
                }
                out.onCompleted();
            } catch (IOException | InterruptedException | RuntimeException e) {
                // the agent or the daemon closed its side: the stream ends with it
                try {
                    out.onCompleted();
                } catch (RuntimeException alreadyDone) {
                    // cancelled meanwhile
                }
            } finally {
                close(agent);
            }
        });
        return new StreamObserver<>() {
            @Override
            public void onNext(BytesMessage message) {
                ByteBuffer bytes = message.getData().asReadOnlyByteBuffer();
                try {
                    while (bytes.hasRemaining()) {
                        agent.write(bytes);
                    }
                } catch (IOException e) {
                    close(agent);
                }
            }

            @Override
            public void onError(Throwable t) {
                close(agent);
            }

            @Override
            public void onCompleted() {
                try {
                    agent.shutdownOutput();
                } catch (IOException e) {
                    close(agent);
                }
            }
        };
    }

    private static void close(SocketChannel agent) {
        try {
            agent.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static final class Discard implements StreamObserver<BytesMessage> {
        @Override
        public void onNext(BytesMessage value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
    }
}
