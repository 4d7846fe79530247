package io.jenkins.plugins.dockerdelivery.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A daemon on loopback TCP that is the test daemon behind a proxy which cuts the BuildKit session's
 * connection (the one that began with {@code POST .../session}) once it has carried a given number of
 * bytes towards the daemon, as a proxy or firewall that drops long connections would. Every other
 * connection (the API, the build request) is left alone.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final Path daemon;
    private final long cutAfter;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final CountDownLatch cut = new CountDownLatch(1);
    private final AtomicLong sessionBytes = new AtomicLong();

    CuttingProxy(Path daemonSocket, long cutSessionAfterBytes) throws IOException {
        this.daemon = daemonSocket;
        this.cutAfter = cutSessionAfterBytes;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cutting proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String host() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Whether the session's connection was cut. */
    boolean hasCut() {
        return cut.getCount() == 0;
    }

    long sessionBytes() {
        return sessionBytes.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = server.accept();
                SocketChannel upstream = SocketChannel.open(StandardProtocolFamily.UNIX);
                upstream.connect(UnixDomainSocketAddress.of(daemon));
                open.add(client);
                open.add(upstream);
                Connection connection = new Connection(client, upstream);
                start(connection::towardsDaemon);
                start(connection::towardsClient);
            }
        } catch (IOException closed) {
            // the proxy is closed
        }
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "cutting proxy pump");
        thread.setDaemon(true);
        thread.start();
    }

    private final class Connection {
        private final Socket client;
        private final SocketChannel upstream;
        private volatile boolean session;

        Connection(Socket client, SocketChannel upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void towardsDaemon() {
            byte[] buffer = new byte[64 * 1024];
            boolean first = true;
            try (InputStream in = client.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (first) {
                        first = false;
                        String start = new String(buffer, 0, Math.min(n, 64), StandardCharsets.ISO_8859_1);
                        session = start.matches("(?s)POST /v[0-9.]+/session .*");
                    }
                    if (session && sessionBytes.addAndGet(n) > cutAfter) {
                        cut.countDown();
                        closeBoth();
                        return;
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        upstream.write(bytes);
                    }
                }
                upstream.shutdownOutput();
            } catch (IOException e) {
                closeBoth();
            }
        }

        void towardsClient() {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                OutputStream out = client.getOutputStream();
                while (upstream.read(buffer) >= 0) {
                    out.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                client.shutdownOutput();
            } catch (IOException e) {
                closeBoth();
            }
        }

        private void closeBoth() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                upstream.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
