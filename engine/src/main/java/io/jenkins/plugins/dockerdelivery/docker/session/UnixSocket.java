package io.jenkins.plugins.dockerdelivery.docker.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A connected Unix-domain {@link SocketChannel} seen as a {@link Socket}, which is what grpc-okhttp
 * serves on ({@code SocketChannel.socket()} is unsupported for Unix channels). Reads and writes call
 * the channel directly: {@code Channels.newInputStream}/{@code newOutputStream} would share one lock,
 * so a blocked read would block every write.
 */
final class UnixSocket extends Socket {
    /** Unix sockets have no IP address; gRPC only logs this one. */
    private static final InetSocketAddress NO_ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private UnixSocket(SocketChannel channel) {
        this.channel = channel;
        this.in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                return channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }

    static UnixSocket connect(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new UnixSocket(channel);
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        // no Nagle on a Unix socket
    }

    @Override
    public void setSoTimeout(int timeout) {
        // reads block until data or close, as gRPC expects of its transport
    }

    @Override
    public void setKeepAlive(boolean on) {
        // not a TCP socket
    }

    @Override
    public boolean isConnected() {
        return channel.isConnected();
    }

    @Override
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return NO_ADDRESS;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return NO_ADDRESS;
    }

    @Override
    public InetAddress getInetAddress() {
        return NO_ADDRESS.getAddress();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "UnixSocket[" + (channel.isOpen() ? "open" : "closed") + "]";
    }
}
