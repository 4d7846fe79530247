package io.jenkins.plugins.dockerdelivery.docker.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The session's shared key: under it the daemon keeps the context it received last, so it must be the
 * same for the same context directory on the same machine, and differ otherwise (as the docker CLI's:
 * a hash of a node id kept under the user's home and of the directory). A node id that cannot be kept
 * lives for this process only: builds stay correct, and a new process sends everything once.
 */
final class SharedKey {
    private static final String NODE_ID_FILE = ".docker-delivery/build-node-id";
    private static volatile String processNodeId;

    private SharedKey() {}

    static String forDirectory(Path contextDir) {
        return forDirectory(nodeId(Path.of(System.getProperty("user.home"))), contextDir);
    }

    static String forDirectory(String nodeId, Path contextDir) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((nodeId + ":" + contextDir.toAbsolutePath().normalize()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The node id under {@code home}, made on first use. */
    static synchronized String nodeId(Path home) {
        Path file = home.resolve(NODE_ID_FILE);
        try {
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (id.matches("[0-9a-f]{64}")) {
                    return id;
                }
            }
            String id = random();
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "build-node-id", ".tmp");
            Files.writeString(temporary, id + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException | RuntimeException e) {
            if (processNodeId == null) {
                processNodeId = random();
            }
            return processNodeId;
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
