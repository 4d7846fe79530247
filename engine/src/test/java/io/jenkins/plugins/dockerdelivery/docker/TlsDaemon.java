package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test daemon behind TLS, as {@code dockerd --tlsverify} serves it: socat (a package of the test
 * environment) listens on loopback TCP with a server certificate for 127.0.0.1, requires a client
 * certificate signed by its CA, and forwards to the daemon's Unix socket. The CA, the server's and the
 * client's keys are made with openssl in a temporary directory for this test only.
 */
final class TlsDaemon implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process socat;

    private TlsDaemon(Path dir, int port, Process socat) {
        this.dir = dir;
        this.port = port;
        this.socat = socat;
    }

    /** @param unixSocket the daemon's socket, such as {@code /var/run/docker.sock} */
    static TlsDaemon start(Path dir, String unixSocket) throws IOException, InterruptedException {
        Path server = Files.createDirectories(dir.resolve("server"));
        certificateAuthority(server, "dd-test-ca");
        signed(server, "server", "127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Process socat = new ProcessBuilder(
                        "socat",
                        "OPENSSL-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,cert=" + server.resolve("server.pem")
                                + ",key=" + server.resolve("server-key.pem") + ",cafile=" + server.resolve("ca.pem")
                                + ",verify=1",
                        "UNIX-CONNECT:" + unixSocket)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        for (int i = 0; i < 200; i++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        return new TlsDaemon(dir, port, socat);
    }

    String host() {
        return "tcp://127.0.0.1:" + port;
    }

    /** A {@code DOCKER_CERT_PATH} the daemon trusts: its CA, and a client certificate that CA signed. */
    Path trustedClient() throws IOException, InterruptedException {
        Path client = Files.createDirectories(dir.resolve("client"));
        Files.copy(dir.resolve("server/ca.pem"), client.resolve("ca.pem"));
        Files.copy(dir.resolve("server/ca-key.pem"), client.resolve("ca-key.pem"));
        clientCertificate(client);
        Files.delete(client.resolve("ca-key.pem"));
        return client;
    }

    /**
     * A {@code DOCKER_CERT_PATH} whose client certificate a CA of its own signed, so the daemon refuses
     * it, as a user's stale or wrong certificate would.
     *
     * @param trustsTheDaemon whether its {@code ca.pem} is the daemon's CA; if not, it is the other CA's
     *     and the client refuses the daemon's certificate too
     */
    Path untrustedClient(boolean trustsTheDaemon) throws IOException, InterruptedException {
        Path client = Files.createDirectories(dir.resolve("stranger-" + trustsTheDaemon));
        certificateAuthority(client, "dd-test-other-ca");
        clientCertificate(client);
        Files.delete(client.resolve("ca-key.pem"));
        if (trustsTheDaemon) {
            Files.copy(
                    dir.resolve("server/ca.pem"),
                    client.resolve("ca.pem"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return client;
    }

    private static void clientCertificate(Path dir) throws IOException, InterruptedException {
        signed(dir, "cert", "dd-test-client", "extendedKeyUsage=clientAuth\n");
        Files.move(dir.resolve("cert-key.pem"), dir.resolve("key.pem"));
    }

    private static void certificateAuthority(Path dir, String name) throws IOException, InterruptedException {
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=" + name,
                "-keyout",
                "ca-key.pem",
                "-out",
                "ca.pem");
    }

    /** {@code NAME.pem} and {@code NAME-key.pem}, signed by {@code ca.pem} of {@code dir}. */
    private static void signed(Path dir, String name, String commonName, String extensions)
            throws IOException, InterruptedException {
        openssl(
                dir,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=" + commonName,
                "-keyout",
                name + "-key.pem",
                "-out",
                name + ".csr");
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca-key.pem",
                "-CAcreateserial",
                "-days",
                "1",
                "-extfile",
                name + ".ext",
                "-out",
                name + ".pem");
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        socat.waitFor(10, TimeUnit.SECONDS);
    }
}
