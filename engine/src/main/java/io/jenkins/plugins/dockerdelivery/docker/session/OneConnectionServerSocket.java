package io.jenkins.plugins.dockerdelivery.docker.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.CountDownLatch;
import javax.net.ServerSocketFactory;

/**
 * The "server socket" the gRPC server accepts from: it binds nothing, hands out the one connection
 * the daemon already holds (the upgraded {@code /session} request) on the first {@code accept()},
 * then blocks until the server closes it. grpc-java has no public way to serve an already-connected
 * socket (grpc-java#965); this keeps the session off every port, where any local process could call
 * {@code GetSecret}.
 */
final class OneConnectionServerSocket extends ServerSocket {
    private static final InetSocketAddress NO_ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final CountDownLatch closed = new CountDownLatch(1);
    private Socket connection;

    private OneConnectionServerSocket(Socket connection) throws IOException {
        this.connection = connection;
    }

    /** A factory whose only server socket yields {@code connection} once. */
    static ServerSocketFactory factoryFor(Socket connection) {
        return new ServerSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                return new OneConnectionServerSocket(connection);
            }

            @Override
            public ServerSocket createServerSocket(int port) throws IOException {
                return createServerSocket();
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog) throws IOException {
                return createServerSocket();
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
                return createServerSocket();
            }
        };
    }

    @Override
    public void bind(SocketAddress endpoint) {
        // nothing to bind: the connection exists already
    }

    @Override
    public void bind(SocketAddress endpoint, int backlog) {
        // nothing to bind: the connection exists already
    }

    @Override
    public Socket accept() throws IOException {
        synchronized (this) {
            if (connection != null) {
                Socket first = connection;
                connection = null;
                return first;
            }
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new SocketException("the session is closed");
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return NO_ADDRESS;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
