package io.jenkins.plugins.dockerdelivery.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/**
 * JSch's host key check, answered by a {@link HostKeyPolicy}. It remembers the key the server
 * presented, so that a refusal can name its type and fingerprint. It never adds keys: a connection
 * never changes what is trusted.
 */
final class HostKeyVerifier implements HostKeyRepository {
    private final HostKeyPolicy policy;
    private final KnownHostsFile knownHosts;
    private final ProgressListener listener;
    private volatile int verdict = -1;
    private volatile boolean revoked;
    private volatile String presentedType;
    private volatile String presentedFingerprint;

    HostKeyVerifier(HostKeyPolicy policy, ProgressListener listener) {
        this.policy = policy;
        this.listener = listener;
        if (policy instanceof HostKeyPolicy.KnownHosts k) {
            this.knownHosts = new KnownHostsFile(k.text());
            knownHosts.unsupported().forEach(line -> listener.warn("known_hosts " + line));
        } else {
            this.knownHosts = null;
        }
    }

    @Override
    public int check(String host, byte[] key) {
        presentedType = keyType(key);
        presentedFingerprint = fingerprint(key);
        if (policy instanceof HostKeyPolicy.KnownHosts) {
            KnownHostsFile.Verdict v = knownHosts.check(host, key);
            revoked = v == KnownHostsFile.Verdict.REVOKED;
            verdict = switch (v) {
                case KNOWN -> OK;
                case CHANGED, REVOKED -> CHANGED;
                case UNKNOWN -> NOT_INCLUDED;
            };
        } else if (policy instanceof HostKeyPolicy.Fingerprint pinned) {
            verdict = pinned.fingerprint().equals(presentedFingerprint) ? OK : CHANGED;
        } else {
            listener.warn("HOST KEY VERIFICATION IS OFF: accepted " + presentedType + " key " + presentedFingerprint
                    + " of "
                    + host + " without checking it. Anyone between here and that host can read and change this session."
                    + " Use this for a lab only; pin the fingerprint instead.");
            verdict = OK;
        }
        return verdict;
    }

    /** The key types the known_hosts text has for {@code host}, to offer them first (as OpenSSH does). */
    Set<String> knownTypes(String host) {
        return knownHosts == null ? Set.of() : knownHosts.types(host);
    }

    /** The refusal, if the check refused: unknown or changed, with what the server presented. */
    HostKeyException refusal(SshTarget target) {
        if (verdict == OK || verdict == -1) {
            return null;
        }
        String presented = presentedType + " key " + presentedFingerprint;
        String message;
        if (policy instanceof HostKeyPolicy.Fingerprint pinned) {
            message = "The host key of " + target.host() + ":" + target.port()
                    + " does not match the pinned fingerprint "
                    + pinned.fingerprint() + ": the server presented the " + presented + ". If the server's key was"
                    + " changed on purpose, pin the new fingerprint; otherwise do not connect.";
        } else if (revoked) {
            message = "The host key of " + target.host() + ":" + target.port() + " is REVOKED: the server presented"
                    + " the " + presented + ", which known_hosts marks @revoked. Do not connect: the key was withdrawn,"
                    + " possibly because it was compromised; ask the server's administrator for the new key.";
        } else if (verdict == CHANGED) {
            message =
                    "The host key of " + target.host() + ":" + target.port() + " has CHANGED: the server presented the "
                            + presented
                            + ", which is not the key in known_hosts. Someone may be intercepting the connection; if the"
                            + " key was changed on purpose, update known_hosts.";
        } else {
            message =
                    "The host key of " + target.host() + ":" + target.port() + " is unknown: the server presented the "
                            + presented
                            + ". Check it with the server's administrator (ssh-keygen -lf on the host key), then add it"
                            + " to known_hosts (ssh-keyscan -p " + target.port() + " " + target.host()
                            + ") or pin the fingerprint.";
        }
        return new HostKeyException(message, presentedFingerprint);
    }

    static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The algorithm named at the start of an SSH public key blob: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa. */
    static String keyType(byte[] key) {
        if (key.length < 4) {
            return "unknown";
        }
        int length = ByteBuffer.wrap(key, 0, 4).getInt();
        if (length <= 0 || length > key.length - 4) {
            return "unknown";
        }
        return new String(key, 4, length, StandardCharsets.US_ASCII);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // never: trust is given by configuration, not by connecting
    }

    @Override
    public void remove(String host, String type) {}

    @Override
    public void remove(String host, String type, byte[] key) {}

    @Override
    public String getKnownHostsRepositoryID() {
        return "docker-delivery";
    }

    @Override
    public HostKey[] getHostKey() {
        return new HostKey[0]; // the verdict is check()'s alone
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return new HostKey[0];
    }
}
