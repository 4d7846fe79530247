package io.jenkins.plugins.dockerdelivery.testenv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH agent on a socket of its own, holding one new key, for the tests of {@code
 * RUN --mount=type=ssh}; and the {@code ssh-add} that such a step runs to list the agent's keys, since
 * the busybox base has none.
 */
public final class TestSshAgent implements AutoCloseable {
    public static final String KEY_COMMENT = "dd-test-key";

    private final Process agent;
    private final Path socket;
    private final String fingerprint;

    private TestSshAgent(Process agent, Path socket, String fingerprint) {
        this.agent = agent;
        this.socket = socket;
        this.fingerprint = fingerprint;
    }

    /** Starts {@code ssh-agent -D} on {@code dir/agent.sock} and adds a new ed25519 key to it. */
    public static TestSshAgent start(Path dir) throws IOException, InterruptedException {
        Path key = dir.resolve("id_ed25519");
        exec(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", KEY_COMMENT, "-f", key.toString()));
        String fingerprint = exec(List.of("ssh-keygen", "-lf", key + ".pub")).split(" ")[1];
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .start();
        TestSshAgent started = new TestSshAgent(agent, socket, fingerprint);
        try {
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(25);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process adding = add.start();
            String out = new String(adding.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (adding.waitFor() != 0) {
                throw new IllegalStateException("ssh-add into the test agent failed: " + out);
            }
            return started;
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    public Path socket() {
        return socket;
    }

    /** The key's SHA256 fingerprint, as {@code ssh-add -l} prints it. */
    public String fingerprint() {
        return fingerprint;
    }

    /** {@code /usr/bin/ssh-add} and the shared libraries it loads, laid out under root as in a root file system. */
    public static void copySshAddInto(Path root) throws IOException, InterruptedException {
        List<String> files = new ArrayList<>(List.of("/usr/bin/ssh-add"));
        for (String line : exec(List.of("ldd", "/usr/bin/ssh-add")).split("\n")) {
            for (String word : line.trim().split("\\s+")) {
                if (word.startsWith("/")) {
                    files.add(word);
                }
            }
        }
        for (String file : files) {
            Path target = root.resolve(file.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(file).toRealPath(), target);
            target.toFile().setExecutable(true);
        }
    }

    @Override
    public void close() throws InterruptedException {
        agent.destroy();
        agent.waitFor(10, TimeUnit.SECONDS);
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
