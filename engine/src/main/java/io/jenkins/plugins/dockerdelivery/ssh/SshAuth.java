package io.jenkins.plugins.dockerdelivery.ssh;

import io.jenkins.plugins.dockerdelivery.Secret;
import java.util.Objects;

/** How to log in: a private key (OpenSSH or PEM; RSA, ECDSA, Ed25519) with an optional passphrase, or a password. */
public sealed interface SshAuth {

    /** @param privateKey the key file's content; it is secret material, so held as a {@link Secret} */
    record PrivateKey(Secret privateKey, Secret passphrase) implements SshAuth {
        public PrivateKey {
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    record Password(Secret password) implements SshAuth {
        public Password {
            Objects.requireNonNull(password, "password");
        }
    }

    static SshAuth privateKey(Secret key, Secret passphrase) {
        return new PrivateKey(key, passphrase);
    }

    static SshAuth password(Secret password) {
        return new Password(password);
    }

    /** The secrets inside, for masking. */
    default Secret[] secrets() {
        if (this instanceof PrivateKey k) {
            return k.passphrase() == null
                    ? new Secret[] {k.privateKey()}
                    : new Secret[] {k.privateKey(), k.passphrase()};
        }
        return new Secret[] {((Password) this).password()};
    }
}
