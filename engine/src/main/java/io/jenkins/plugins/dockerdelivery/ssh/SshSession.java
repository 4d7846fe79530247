package io.jenkins.plugins.dockerdelivery.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import io.jenkins.plugins.dockerdelivery.AuthenticationException;
import io.jenkins.plugins.dockerdelivery.ConnectionException;
import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * One logged-in SSH connection (JSch's {@link Session}); each {@link #exec} opens a channel on it, as
 * JSch separates sessions from channels. Host keys are verified by the {@link HostKeyPolicy} before
 * any credential is sent.
 */
public final class SshSession implements AutoCloseable {
    private static final String JSCH_DEFAULT_HOST_KEYS =
            "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";

    private final Session session;
    private final SshTarget target;
    private final SshSettings settings;

    private SshSession(Session session, SshTarget target, SshSettings settings) {
        this.session = session;
        this.target = target;
        this.settings = settings;
    }

    public static SshSession open(
            SshTarget target, SshAuth auth, HostKeyPolicy policy, SshSettings settings, ProgressListener listener) {
        JSch jsch = new JSch();
        HostKeyVerifier verifier = new HostKeyVerifier(policy, listener);
        jsch.setHostKeyRepository(verifier);
        Session session;
        if (auth instanceof SshAuth.PrivateKey key) {
            checkKey(jsch, target, key);
        }
        try {
            if (auth instanceof SshAuth.PrivateKey key) {
                byte[] passphrase = key.passphrase() == null
                        ? null
                        : key.passphrase().reveal().getBytes(StandardCharsets.UTF_8);
                jsch.addIdentity(
                        "private key for " + target,
                        key.privateKey().reveal().getBytes(StandardCharsets.UTF_8),
                        null,
                        passphrase);
            }
            session = jsch.getSession(target.user(), target.host(), target.port());
        } catch (JSchException e) {
            throw keyProblem(target, e);
        }
        if (auth instanceof SshAuth.Password password) {
            session.setPassword(password.password().reveal().getBytes(StandardCharsets.UTF_8));
            session.setConfig("PreferredAuthentications", "password,keyboard-interactive");
        } else {
            session.setConfig("PreferredAuthentications", "publickey");
        }
        session.setConfig("StrictHostKeyChecking", "yes");
        Set<String> known = verifier.knownTypes(target.knownHostsName());
        if (!known.isEmpty()) {
            // offer the key types known_hosts has for this host first, as OpenSSH does
            StringBuilder order = new StringBuilder(String.join(",", known));
            for (String type : JSCH_DEFAULT_HOST_KEYS.split(",")) {
                if (!known.contains(type)) {
                    order.append(',').append(type);
                }
            }
            session.setConfig("server_host_key", order.toString());
        }
        try {
            session.setServerAliveInterval((int) settings.keepAlive().toMillis());
            session.setServerAliveCountMax(3);
            session.connect((int) settings.connectTimeout().toMillis());
        } catch (JSchException e) {
            HostKeyException refusal = verifier.refusal(target);
            if (refusal != null) {
                throw refusal;
            }
            throw connectProblem(target, auth, e);
        }
        return new SshSession(session, target, settings);
    }

    /**
     * Reads the key before connecting: an encrypted key without a passphrase, or with a wrong one, is
     * said so here. (JSch 0.2.16, which Jenkins loads, would only fail later, as "USERAUTH fail",
     * which reads like a key the server refused.)
     */
    static void checkKey(JSch jsch, SshTarget target, SshAuth.PrivateKey key) {
        KeyPair pair;
        try {
            pair = KeyPair.load(jsch, key.privateKey().reveal().getBytes(StandardCharsets.UTF_8), null);
        } catch (JSchException e) {
            throw keyProblem(target, e);
        }
        try {
            if (!pair.isEncrypted()) {
                return;
            }
            if (key.passphrase() == null) {
                throw new AuthenticationException("The private key for " + target
                        + " is encrypted and no passphrase was given: give its passphrase.");
            }
            if (!pair.decrypt(key.passphrase().reveal().getBytes(StandardCharsets.UTF_8))) {
                throw new AuthenticationException(
                        "The private key for " + target + " cannot be decrypted: the passphrase is wrong.");
            }
        } finally {
            pair.dispose();
        }
    }

    private static RuntimeException keyProblem(SshTarget target, JSchException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("passphrase") || m.contains("decrypt")) {
            return new AuthenticationException(
                    "The private key for " + target + " cannot be decrypted: is the passphrase right?", e);
        }
        return new InvalidInputException(
                "The private key for " + target + " cannot be read (" + e.getMessage()
                        + "). Give the key file's content: OpenSSH or PEM format, RSA, ECDSA or Ed25519.",
                e);
    }

    private static RuntimeException connectProblem(SshTarget target, SshAuth auth, JSchException e) {
        String m = String.valueOf(e.getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("auth fail") || lower.contains("auth cancel") || lower.contains("userauth fail")) {
            return new AuthenticationException(
                    "SSH login to " + target + " failed: the server refused the "
                            + (auth instanceof SshAuth.Password ? "password" : "key (or its passphrase is wrong)")
                            + ". Check the credentials and that the key is in the user's authorized_keys.",
                    e);
        }
        if (lower.contains("decrypt") || lower.contains("passphrase") || lower.contains("invalid privatekey")) {
            return new AuthenticationException(
                    "The private key for " + target + " cannot be used: is the passphrase right?", e);
        }
        String cause = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage()
                : m;
        return new ConnectionException(
                "Cannot connect to " + target.host() + ":" + target.port() + " (" + cause
                        + "). Is the host reachable and sshd listening on that port?",
                e);
    }

    public SshTarget target() {
        return target;
    }

    /**
     * Runs {@code command} (no PTY), streaming its output lines to {@code output} as they arrive.
     * A command that runs past {@code timeout}, or whose thread is interrupted, is stopped (its whole
     * process group: TERM, then KILL, from a second channel, for any login, root included) and
     * reported as such, never as success; "may still be running" when the stop cannot be confirmed.
     */
    public ExecResult exec(String command, Duration timeout, OutputLine output) {
        return new RemoteCommand(session, target, settings).run(command, timeout, output);
    }

    boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
