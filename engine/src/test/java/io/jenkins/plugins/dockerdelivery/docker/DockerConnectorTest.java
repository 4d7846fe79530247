package io.jenkins.plugins.dockerdelivery.docker;

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
                    .hasMessageContaining("GET /version in 1 s");
        } finally {
            for (SocketChannel c : accepted) {
                c.close();
            }
        }
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
