package io.jenkins.plugins.dockerdelivery.docker.session;

import com.github.dockerjava.core.LocalDirectorySSLConfig;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * {@code POST /session} with {@code Upgrade: h2c} on a new connection of the same kind as the API's
 * (Unix socket, TCP, TCP+TLS). The daemon answers {@code 101 Switching Protocols} and at once sends
 * its HTTP/2 preface, so the answer's head is read byte by byte: every byte after the blank line
 * belongs to the HTTP/2 side.
 */
final class SessionUpgrade {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** How long the TLS handshake and the answer to the upgrade may take; the session itself has no timeout. */
    private static final int ANSWER_TIMEOUT_MILLIS = 30_000;

    private static final int MAX_HEAD = 64 * 1024;

    private SessionUpgrade() {}

    /** The daemon did not switch protocols: it has no {@code /session} (or refused it). */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * @param headers name → values; a name may repeat ({@code X-Docker-Expose-Session-Grpc-Method})
     * @return the connection, now carrying HTTP/2 with the daemon as the client
     */
    static Socket open(DockerEndpoint endpoint, String path, Map<String, List<String>> headers) throws IOException {
        Socket socket = connect(endpoint);
        try {
            socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            StringBuilder request = new StringBuilder("POST ")
                    .append(path)
                    .append(" HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n")
                    .append("Connection: Upgrade\r\nUpgrade: h2c\r\n");
            headers.forEach((name, values) -> values.forEach(
                    v -> request.append(name).append(": ").append(v).append("\r\n")));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            readSwitchingProtocols(socket.getInputStream());
            socket.setSoTimeout(0); // a session is silent for as long as a RUN step that needs nothing of it
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Reads the answer's head up to the blank line, one byte at a time, and checks it is a 101. */
    static void readSwitchingProtocols(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the daemon closed the connection before answering the session request");
            }
            if (head.length() > MAX_HEAD) {
                throw new IOException("the daemon's answer to the session request has no end of head");
            }
            head.append((char) c);
        }
        String statusLine = head.substring(0, head.indexOf("\r\n"));
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("not an HTTP answer to the session request: '" + statusLine + "'");
        }
        if (status != 101) {
            // the body (an error message) is short; read what is there without waiting for more
            byte[] body = in.available() > 0 ? in.readNBytes(Math.min(in.available(), 4096)) : new byte[0];
            String text = new String(body, StandardCharsets.UTF_8).strip();
            throw new Refused(status, "HTTP " + status + (text.isEmpty() ? "" : ": " + text));
        }
    }

    private static Socket connect(DockerEndpoint endpoint) throws IOException {
        String host = endpoint.host();
        if (host.startsWith("unix://")) {
            return UnixSocket.connect(Path.of(host.substring("unix://".length())));
        }
        if (!host.startsWith("tcp://")) {
            throw new IOException("BuildKit sessions are not supported over " + host);
        }
        URI uri = URI.create(host);
        int port = uri.getPort() > 0 ? uri.getPort() : endpoint.tlsVerify() ? 2376 : 2375;
        if (!endpoint.tlsVerify()) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MILLIS);
            return socket;
        }
        SSLContext tls;
        try {
            tls = new LocalDirectorySSLConfig(endpoint.certPath()).getSSLContext();
        } catch (RuntimeException e) {
            throw new IOException(
                    "Cannot set up TLS with the certificates in " + endpoint.certPath() + ": " + e.getMessage(), e);
        }
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MILLIS);
            plain.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, uri.getHost(), port, true);
            // the daemon's certificate must be made out for the host, as for the API's connections
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }
}
