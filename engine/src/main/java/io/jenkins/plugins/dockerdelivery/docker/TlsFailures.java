package io.jenkins.plugins.dockerdelivery.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says in a user's words why TLS with a {@code --tlsverify} daemon failed. Java's own messages ("PKIX
 * path building failed", "Broken pipe" when the daemon hangs up on a client certificate it does not
 * trust) name neither the file at fault nor what to do.
 */
final class TlsFailures {
    private static final List<String> FILES = List.of("ca.pem", "cert.pem", "key.pem");

    private TlsFailures() {}

    /** The explanation, or null when {@code failure} is no TLS failure of {@code endpoint}. */
    static String explain(DockerEndpoint endpoint, Throwable failure) {
        if (!endpoint.tlsVerify()) {
            return null;
        }
        Path certs = Path.of(endpoint.certPath());
        for (String file : FILES) {
            if (!Files.isRegularFile(certs.resolve(file))) {
                return "TLS with the Docker daemon at " + endpoint.host() + " cannot be set up: " + certs.resolve(file)
                        + " does not exist. DOCKER_CERT_PATH must be a directory with ca.pem (the CA of the"
                        + " daemon's certificate), cert.pem and key.pem (a client certificate that the daemon's"
                        + " CA signed).";
            }
        }
        if (!inHandshake(failure)) {
            return null;
        }
        String why;
        String text = messages(failure).toLowerCase(Locale.ROOT);
        if (text.contains("subject alternative") || text.contains("no name matching")) {
            why = "the daemon's certificate is not made out for this host name or address (its subject"
                    + " alternative names). Connect with a name the certificate names, or give the daemon a"
                    + " certificate for this one.";
        } else if (has(failure, CertificateException.class)
                || text.contains("pkix")
                || text.contains("certification path")) {
            why = "the daemon's certificate is not signed by the CA in " + certs.resolve("ca.pem")
                    + " (or it expired). Put the CA that signed the daemon's certificate there.";
        } else {
            why = "the daemon refused the client certificate " + certs.resolve("cert.pem")
                    + ": it is not signed by a CA the daemon trusts (dockerd --tlscacert), or it expired."
                    + " Use a client certificate signed by the daemon's CA.";
        }
        return "The TLS handshake with the Docker daemon at " + endpoint.host() + " failed: " + why
                + " The certificates come from DOCKER_CERT_PATH (" + certs + ").";
    }

    /** A TLS exception, or any failure thrown from inside the handshake (a hang-up shows as "Broken pipe"). */
    private static boolean inHandshake(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("sun.security.ssl.")
                        && frame.getMethodName().toLowerCase(Locale.ROOT).contains("handshake")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
