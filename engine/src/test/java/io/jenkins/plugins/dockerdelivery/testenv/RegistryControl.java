package io.jenkins.plugins.dockerdelivery.testenv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Stops and starts one of the test environment's registries, for tests of pushes that meet a registry
 * going away. The pid file stays current, so {@code make env-down} stops a registry this restarted.
 */
public final class RegistryControl {
    private final Path dir;
    private final String host;
    private final int port;

    public RegistryControl(Path dir, String address) {
        this.dir = dir;
        this.host = address.substring(0, address.lastIndexOf(':'));
        this.port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    public static RegistryControl auth(TestEnvironment env) {
        return new RegistryControl(Path.of(env.get("registry.auth.dir")), env.authRegistry());
    }

    public static RegistryControl noAuth(TestEnvironment env) {
        return new RegistryControl(Path.of(env.get("registry.noauth.dir")), env.noAuthRegistry());
    }

    public synchronized void stop() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        // Two test runs sharing one environment (developers' worktrees) can each start the registry: the
        // pid file then names only one of them. Stop every registry serving this configuration.
        String config = dir.resolve("config.yml").toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> List.of(a).contains(config))
                        .orElse(false))
                .forEach(ProcessHandle::destroy);
        waitFor(false, Duration.ofSeconds(10));
    }

    public synchronized void start() throws IOException, InterruptedException {
        if (answers()) {
            return;
        }
        Process process = new ProcessBuilder(
                        "docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("registry.log").toFile()))
                .start();
        Files.writeString(dir.resolve("pid"), Long.toString(process.pid()));
        waitFor(true, Duration.ofSeconds(20));
    }

    public boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void waitFor(boolean up, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answers() != up) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("registry on port " + port + " did not " + (up ? "start" : "stop"));
            }
            Thread.sleep(50);
        }
    }
}
