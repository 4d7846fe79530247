package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Docker endpoint that accepts connections but never answers must not hang the run (issue 10, major
 * 7). The timeout only keeps a regression from hanging the build; nothing here measures time.
 */
@Timeout(120)
class DockerConnectorTest {
    private static final Duration SHORT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aUnixSocketThatNeverAnswersIsBounded() throws IOException {
        Path socket = dir.resolve("silent.sock");
        List<SocketChannel> accepted = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(server.accept()); // and never answer
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            assertThatThrownBy(() -> DockerConnector.connect(DockerEndpoint.of("unix://" + socket), SHORT))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageStartingWith("The Docker Engine at unix://" + socket + " is not answering")
                    .hasMessageContaining("no answer to its first request (the API version) within 1 s");
        } finally {
            for (SocketChannel c : accepted) {
                c.close();
            }
        }
    }

    /** A daemon on a Unix socket that answers each connection with the next of {@code answers}, and records the requests. */
    private static Thread fakeDaemon(ServerSocketChannel server, List<String> requests, String... answers) {
        Thread daemon = new Thread(() -> {
            try {
                for (String answer : answers) {
                    try (SocketChannel c = server.accept()) {
                        java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(4096);
                        while (!new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1)
                                .contains("\r\n\r\n")) {
                            c.read(in);
                        }
                        String request = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
                        requests.add(request.substring(0, request.indexOf("\r\n")));
                        c.write(java.nio.ByteBuffer.wrap(answer.getBytes(StandardCharsets.ISO_8859_1)));
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        daemon.start();
        return daemon;
    }

    private static String answer(String headers, String body) {
        return "HTTP/1.1 200 OK\r\n" + headers + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void thePingsHeadersSayTheVersionsInOneCall() throws Exception {
        Path socket = dir.resolve("docker.sock");
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread daemon = fakeDaemon(
                    server, requests, answer("Api-Version: 1.41\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\n", "OK"));
            try (DockerSession session = DockerConnector.connect(DockerEndpoint.of("unix://" + socket), SHORT)) {
                assertThat(session.apiVersion()).hasToString("1.41");
                assertThat(session.engineVersion()).isEqualTo("20.10.24+dfsg1");
            }
            daemon.join();
        }
        assertThat(requests).containsExactly("GET /_ping HTTP/1.1");
    }

    @Test
    void aPingWithoutTheVersionsFallsBackToVersion() throws Exception {
        Path socket = dir.resolve("docker.sock");
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread daemon = fakeDaemon(
                    server,
                    requests,
                    answer("Server: Libpod/4.3.1 (linux)\r\n", "OK"),
                    answer(
                            "Content-Type: application/json\r\n",
                            "{\"Version\":\"4.3.1\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.24\"}"));
            try (DockerSession session = DockerConnector.connect(DockerEndpoint.of("unix://" + socket), SHORT)) {
                assertThat(session.apiVersion()).hasToString("1.41");
                assertThat(session.engineVersion()).isEqualTo("4.3.1");
            }
            daemon.join();
        }
        assertThat(requests).containsExactly("GET /_ping HTTP/1.1", "GET /version HTTP/1.1");
    }

    @Test
    void theEngineVersionIsReadFromTheServerHeader() {
        assertThat(DockerConnector.engineVersion("Docker/20.10.24+dfsg1 (linux)"))
                .isEqualTo("20.10.24+dfsg1");
        assertThat(DockerConnector.engineVersion("Docker/27.3.1")).isEqualTo("27.3.1");
        assertThat(DockerConnector.engineVersion("Libpod/4.3.1 (linux)")).isNull();
        assertThat(DockerConnector.engineVersion(null)).isNull();
    }

    @Test
    void aTcpEndpointThatNeverAnswersIsBounded() throws IOException {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept()); // and never answer
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            assertThatThrownBy(() -> DockerConnector.connect(
                            DockerEndpoint.of("tcp://127.0.0.1:" + server.getLocalPort()), SHORT))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("is not answering");
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aPortThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> DockerEndpoint.of("tcp://h:notaport"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Docker host 'tcp://h:notaport': 'notaport' is not a port number (1 to 65535);"
                        + " use tcp://HOST:PORT");
        assertThatThrownBy(() -> DockerEndpoint.fromEnvironment(java.util.Map.of("DOCKER_HOST", "tcp://h:99999")))
                .hasMessageContaining("'99999' is not a port number");
    }
}
