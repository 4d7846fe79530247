package io.jenkins.plugins.dockerdelivery.docker.session;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.DockerIgnore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Plays the daemon's side of {@code POST /session} on a loopback port: it answers the upgrade, then
 * hangs up, or holds the connection open, or refuses as a daemon without sessions does. It speaks no
 * HTTP/2 beyond that: what it tests is the session's life, not its services.
 */
public final class StandInDaemon implements AutoCloseable {
    /** What the stand-in does with the session request. */
    public enum Answer {
        /** 101, then closes the connection: a session lost at once. */
        UPGRADE_THEN_HANG_UP,
        /** 101, then holds the connection until closed. */
        UPGRADE_AND_HOLD,
        /** 404, as a daemon (or a proxy in front of one) that has no {@code /session}. */
        NOT_FOUND
    }

    private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile Socket accepted;

    public StandInDaemon(Answer answer) throws IOException {
        Thread thread = new Thread(() -> {
            try {
                Socket socket = server.accept();
                accepted = socket;
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                String response = answer == Answer.NOT_FOUND
                        ? "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 19\r\n\r\n"
                                + "404 page not found\n"
                        : "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";
                socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                answered.countDown();
                if (answer == Answer.UPGRADE_THEN_HANG_UP) {
                    socket.close();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** Its address as a Docker host. */
    public String host() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** A session with this stand-in, serving {@code ctx} (a Dockerfile {@code FROM scratch} is written there). */
    public BuildSession openSession(Path ctx) throws IOException {
        byte[] dockerfile = "FROM scratch\n".getBytes(StandardCharsets.UTF_8);
        Files.write(ctx.resolve("Dockerfile"), dockerfile);
        return BuildSession.open(
                DockerEndpoint.of(host()),
                "/v1.41/session",
                new BuildSession.Config(
                        ctx, DockerIgnore.none(), "Dockerfile", dockerfile, List.of(), List.of(), Map.of()),
                ProgressListener.NONE);
    }

    /** Closes the session's connection, as a proxy that cuts a long connection does. */
    public void hangUp() throws IOException {
        if (accepted != null) {
            accepted.close();
        }
    }

    /** Whether it answered the session request within the time given. */
    public boolean answered(long seconds) throws InterruptedException {
        return answered.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (accepted != null) {
            accepted.close();
        }
    }
}
