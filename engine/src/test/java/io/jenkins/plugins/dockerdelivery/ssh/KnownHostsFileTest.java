package io.jenkins.plugins.dockerdelivery.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** known_hosts read as OpenSSH reads it (sshd(8), SSH_KNOWN_HOSTS FILE FORMAT). */
class KnownHostsFileTest {
    /** An SSH public key blob: a length-prefixed type name, then some bytes. */
    private static byte[] key(String type, int seed) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        byte[] blob = new byte[4 + name.length + 8];
        blob[3] = (byte) name.length;
        System.arraycopy(name, 0, blob, 4, name.length);
        for (int i = 0; i < 8; i++) {
            blob[4 + name.length + i] = (byte) (seed + i);
        }
        return blob;
    }

    private static String line(String hosts, byte[] key) {
        return hosts + " " + HostKeyVerifier.keyType(key) + " "
                + Base64.getEncoder().encodeToString(key);
    }

    private static final byte[] A = key("ssh-ed25519", 1);
    private static final byte[] B = key("ssh-ed25519", 2);
    private static final byte[] R = key("ssh-rsa", 3);

    @Test
    void portlessEntriesArePort22OnlyAndBracketsNameOtherPorts() {
        KnownHostsFile file =
                new KnownHostsFile(line("maestro.example.com", A) + "\n" + line("[maestro.example.com]:2222", B));
        assertThat(file.check("maestro.example.com", A)).isEqualTo(KnownHostsFile.Verdict.KNOWN);
        assertThat(file.check("[maestro.example.com]:2222", B)).isEqualTo(KnownHostsFile.Verdict.KNOWN);
        assertThat(file.check("[maestro.example.com]:2222", A)).isEqualTo(KnownHostsFile.Verdict.CHANGED);
        assertThat(file.check("[maestro.example.com]:2200", A)).isEqualTo(KnownHostsFile.Verdict.UNKNOWN);
    }

    @Test
    void wildcardsNegationAndCommaLists() {
        KnownHostsFile file = new KnownHostsFile(line("*.example.com,!evil.example.com,10.0.0.?", A));
        assertThat(file.check("maestro.example.com", A)).isEqualTo(KnownHostsFile.Verdict.KNOWN);
        assertThat(file.check("MAESTRO.Example.com", A)).isEqualTo(KnownHostsFile.Verdict.KNOWN);
        assertThat(file.check("evil.example.com", A)).isEqualTo(KnownHostsFile.Verdict.UNKNOWN);
        assertThat(file.check("10.0.0.7", A)).isEqualTo(KnownHostsFile.Verdict.KNOWN);
        assertThat(file.check("10.0.0.17", A)).isEqualTo(KnownHostsFile.Verdict.UNKNOWN);
        assertThat(file.check("[maestro.example.com]:2222", A)).isEqualTo(KnownHostsFile.Verdict.UNKNOWN);
        assertThat(new KnownHostsFile(line("[*.example.com]:*", A)).check("[m.example.com]:2222", A))
                .isEqualTo(KnownHostsFile.Verdict.KNOWN);
    }

    @Test
    void hashedEntries() throws Exception {
        byte[] salt = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        String hash = Base64.getEncoder()
                .encodeToString(mac.doFinal("[h.example.com]:2222".getBytes(StandardCharsets.UTF_8)));
        KnownHostsFile file =
                new KnownHostsFile(line("|1|" + Base64.getEncoder().encodeToString(salt) + "|" + hash, A));
        assertThat(file.check("[h.example.com]:2222", A)).isEqualTo(KnownHostsFile.Verdict.KNOWN);
        assertThat(file.check("h.example.com", A)).isEqualTo(KnownHostsFile.Verdict.UNKNOWN);
    }

    @Test
    void aRevokedKeyIsRefusedWhateverElseListsIt() {
        KnownHostsFile file = new KnownHostsFile(line("h", A) + "\n@revoked " + line("*", A) + "\n" + line("h", R));
        assertThat(file.check("h", A)).isEqualTo(KnownHostsFile.Verdict.REVOKED);
        assertThat(file.check("h", R)).isEqualTo(KnownHostsFile.Verdict.KNOWN);
        assertThat(file.types("h")).containsExactly("ssh-ed25519", "ssh-rsa");
    }

    @Test
    void certificateAuthoritiesAreSaidToBeUnsupportedAndTrustNothing() {
        KnownHostsFile file = new KnownHostsFile("# comment\n\n@cert-authority " + line("*", A) + "\nnot a key line");
        assertThat(file.check("h", A)).isEqualTo(KnownHostsFile.Verdict.UNKNOWN);
        assertThat(file.unsupported())
                .isEqualTo(List.of("line 3: @cert-authority is not supported (host certificates are not checked): the"
                        + " line is ignored"));
    }
}
