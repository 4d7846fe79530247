package io.jenkins.plugins.dockerdelivery.ssh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A known_hosts text read as OpenSSH reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): host patterns
 * with {@code *} and {@code ?} wildcards and {@code !} negation, hashed entries ({@code |1|salt|hash}),
 * {@code [host]:port} for ports other than 22 (a port-less entry matches port 22 only), and
 * {@code @revoked} keys, which are refused whatever else matches. {@code @cert-authority} lines are
 * not supported: host certificates are not checked, so those lines trust nothing here.
 */
final class KnownHostsFile {
    /** What the file says about a presented key. */
    enum Verdict {
        /** The key is listed for this host. */
        KNOWN,
        /** The host has a key of this type in the file, and it is another one. */
        CHANGED,
        /** The key is marked {@code @revoked}. */
        REVOKED,
        /** Nothing in the file for this host and key type. */
        UNKNOWN
    }

    private record Entry(boolean revoked, List<String> patterns, String type, byte[] key) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> unsupported = new ArrayList<>();

    KnownHostsFile(String text) {
        int number = 0;
        for (String raw : text.split("\r?\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            boolean revoked = false;
            int first = 0;
            if (fields[0].startsWith("@")) {
                String marker = fields[0].toLowerCase(Locale.ROOT);
                if (marker.equals("@revoked")) {
                    revoked = true;
                    first = 1;
                } else {
                    unsupported.add("line " + number + ": " + fields[0] + " is not supported (host certificates are"
                            + " not checked): the line is ignored");
                    continue;
                }
            }
            if (fields.length < first + 3) {
                continue; // not a key line: OpenSSH skips these too
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(fields[first + 2]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            entries.add(new Entry(revoked, List.of(fields[first].split(",")), fields[first + 1], key));
        }
    }

    /** Lines this reader does not support, to warn about them. */
    List<String> unsupported() {
        return List.copyOf(unsupported);
    }

    /** @param hostName {@code host} on port 22, {@code [host]:port} elsewhere */
    Verdict check(String hostName, byte[] presented) {
        // a revoked key is refused whichever host pattern lists it
        for (Entry e : entries) {
            if (e.revoked() && MessageDigest.isEqual(e.key(), presented)) {
                return Verdict.REVOKED;
            }
        }
        String type = HostKeyVerifier.keyType(presented);
        boolean otherKeyOfType = false;
        for (Entry e : entries) {
            if (e.revoked() || !matches(e.patterns(), hostName)) {
                continue;
            }
            if (MessageDigest.isEqual(e.key(), presented)) {
                return Verdict.KNOWN;
            }
            otherKeyOfType |= e.type().equals(type);
        }
        return otherKeyOfType ? Verdict.CHANGED : Verdict.UNKNOWN;
    }

    /** The key types listed for {@code hostName}, in file order (offered first, as OpenSSH does). */
    Set<String> types(String hostName) {
        Set<String> types = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (!e.revoked() && matches(e.patterns(), hostName)) {
                types.add(e.type());
            }
        }
        return types;
    }

    /** OpenSSH's match_hostname: some pattern matches and no negated one does. */
    static boolean matches(List<String> patterns, String hostName) {
        String host = hostName.toLowerCase(Locale.ROOT);
        boolean matched = false;
        for (String pattern : patterns) {
            if (pattern.startsWith("|1|")) {
                if (hashedMatches(pattern, hostName)) {
                    matched = true;
                }
                continue;
            }
            boolean negated = pattern.startsWith("!");
            String p = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
            if (wildcard(p, 0, host, 0)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static boolean hashedMatches(String pattern, String hostName) {
        String[] parts = pattern.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(hash, mac.doFinal(hostName.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** {@code *} any run of characters, {@code ?} exactly one, everything else itself. */
    private static boolean wildcard(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (wildcard(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
