package io.jenkins.plugins.dockerdelivery.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFailuresTest {
    @TempDir
    Path certs;

    private DockerEndpoint endpoint() {
        return new DockerEndpoint("tcp://daemon.example:2376", true, certs.toString());
    }

    private void allFiles() throws IOException {
        for (String name : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
            Files.writeString(certs.resolve(name), "x");
        }
    }

    @Test
    void aMissingCertificateFileIsNamed() throws IOException {
        Files.writeString(certs.resolve("ca.pem"), "x");
        assertThat(TlsFailures.explain(endpoint(), new SocketException("whatever")))
                .contains("tcp://daemon.example:2376")
                .contains(certs.resolve("cert.pem") + " does not exist")
                .contains("DOCKER_CERT_PATH");
    }

    @Test
    void anUntrustedDaemonCertificateNamesTheCa() throws IOException {
        allFiles();
        SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed");
        e.initCause(new CertificateException("unable to find valid certification path"));
        assertThat(TlsFailures.explain(endpoint(), new RuntimeException(e)))
                .startsWith("The TLS handshake with the Docker daemon at tcp://daemon.example:2376 failed")
                .contains("not signed by the CA in " + certs.resolve("ca.pem"))
                .doesNotContain("PKIX");
    }

    @Test
    void aHangUpInTheHandshakeIsTheClientCertificate() throws IOException {
        allFiles();
        assertThat(TlsFailures.explain(endpoint(), new SSLHandshakeException("Received fatal alert: bad_certificate")))
                .contains("refused the client certificate " + certs.resolve("cert.pem"));
    }

    @Test
    void whatIsNoTlsFailureIsLeftAlone() throws IOException {
        allFiles();
        assertThat(TlsFailures.explain(endpoint(), new SocketException("Connection refused")))
                .isNull();
        assertThat(TlsFailures.explain(DockerEndpoint.of("tcp://daemon.example:2375"), new SSLHandshakeException("x")))
                .isNull();
    }
}
