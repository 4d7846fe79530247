package io.jenkins.plugins.dockerdelivery.docker.session;

import io.grpc.Attributes;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.docker.BuildSecret;
import io.jenkins.plugins.dockerdelivery.docker.DockerEndpoint;
import io.jenkins.plugins.dockerdelivery.docker.DockerIgnore;
import io.jenkins.plugins.dockerdelivery.docker.RegistryCredentials;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One BuildKit session for one build: {@code POST /session} upgraded to HTTP/2 on its own connection
 * to the daemon, with this process as the gRPC <em>server</em> on that connection (the daemon calls
 * in). It serves Health (BuildKit drops a session whose health check fails), FileSync for {@code
 * context} and {@code dockerfile}, Auth, Secrets and, when agents are given, SSH forwarding. Nothing
 * listens on any port. Open it before {@code POST /build}: the daemon waits only seconds for it.
 */
public final class BuildSession implements AutoCloseable {
    private static final int FLOW_CONTROL_WINDOW = 8 * 1024 * 1024;
    private static final int MAX_INBOUND_MESSAGE = 16 * 1024 * 1024;
    private static final AtomicInteger OPEN = new AtomicInteger();

    static {
        GrpcLogging.install();
    }

    /**
     * What the session serves.
     *
     * @param dockerfileName the Dockerfile's name in the {@code dockerfile} source (the build's {@code
     *     dockerfile} parameter)
     * @param dockerfileContent the Dockerfile's content, served from memory
     * @param sshAgents ssh id → agent socket
     */
    public record Config(
            Path contextRoot,
            DockerIgnore ignore,
            String dockerfileName,
            byte[] dockerfileContent,
            List<RegistryCredentials> credentials,
            List<BuildSecret> secrets,
            Map<String, Path> sshAgents) {}

    /** The daemon has no {@code /session} endpoint (or refused it): build without a session. */
    public static final class Unsupported extends IOException {
        private static final long serialVersionUID = 1L;

        public Unsupported(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String id;
    private final Socket connection;
    private final Server server;
    private final ExecutorService executor;
    private final AuthService auth;
    private final SecretsService secrets;
    private final List<SyncStats> syncs;
    private final FileSyncService fileSync;
    private final Liveness liveness;
    private boolean closed;

    /**
     * Whether the session's connection ended before {@link #close()}: then the daemon lost every
     * service of the session, and the build cannot go on.
     */
    static final class Liveness extends ServerTransportFilter {
        private volatile boolean closing;
        private final CountDownLatch lost = new CountDownLatch(1); // counted down when the connection ends
        private final AtomicReference<Runnable> onLost = new AtomicReference<>();

        boolean isLost() {
            return lost.getCount() == 0;
        }

        @Override
        public void transportTerminated(Attributes transportAttrs) {
            if (closing) {
                return;
            }
            lost.countDown();
            Runnable action = onLost.getAndSet(null);
            if (action != null) {
                action.run();
            }
        }

        void onLost(Runnable action) {
            onLost.set(action);
            if (isLost() && onLost.compareAndSet(action, null)) {
                action.run();
            }
        }
    }

    private BuildSession(
            String id,
            Socket connection,
            Server server,
            ExecutorService executor,
            AuthService auth,
            SecretsService secrets,
            List<SyncStats> syncs,
            FileSyncService fileSync,
            Liveness liveness) {
        this.id = id;
        this.fileSync = fileSync;
        this.secrets = secrets;
        this.liveness = liveness;
        this.syncs = syncs;
        this.connection = connection;
        this.server = server;
        this.executor = executor;
        this.auth = auth;
    }

    /**
     * @param sessionPath the versioned path, such as {@code /v1.41/session}
     * @throws Unsupported when the daemon does not switch protocols
     * @throws IOException when the daemon cannot be reached
     */
    public static BuildSession open(
            DockerEndpoint endpoint, String sessionPath, Config config, ProgressListener listener) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(
                    task, "docker-delivery session " + id.substring(0, 8) + " #" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<SyncStats> syncs = new CopyOnWriteArrayList<>();
        AuthService auth = new AuthService(config.credentials());
        SecretsService secrets = new SecretsService(config.secrets());
        Liveness liveness = new Liveness();
        List<String> methods = new ArrayList<>();
        FileSyncService fileSync = fileSyncFor(config, executor, stats -> {
            syncs.add(stats);
            listener.log("Sent " + stats.describe());
        });
        OkHttpServerBuilder builder = serverFor(config, auth, secrets, fileSync, executor, liveness, methods);

        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Docker-Expose-Session-Uuid", List.of(id));
        headers.put(
                "X-Docker-Expose-Session-Name",
                List.of(String.valueOf(config.contextRoot().getFileName())));
        headers.put("X-Docker-Expose-Session-Sharedkey", List.of(SharedKey.forDirectory(config.contextRoot())));
        headers.put("X-Docker-Expose-Session-Grpc-Method", methods);

        Socket connection;
        try {
            connection = SessionUpgrade.open(endpoint, sessionPath, headers);
        } catch (SessionUpgrade.Refused e) {
            executor.shutdownNow();
            throw new Unsupported(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        Server server;
        try {
            server = builder.socketFactory(OneConnectionServerSocket.factoryFor(connection))
                    .build()
                    .start();
        } catch (IOException | RuntimeException e) {
            connection.close();
            executor.shutdownNow();
            throw e;
        }
        OPEN.incrementAndGet();
        return new BuildSession(id, connection, server, executor, auth, secrets, syncs, fileSync, liveness);
    }

    /**
     * The gRPC server of a session, not yet bound to its connection, serving {@code config}; {@code
     * methods} receives the methods it serves, which the daemon is told in the session's headers.
     */
    static OkHttpServerBuilder serverFor(
            Config config,
            AuthService auth,
            SecretsService secrets,
            FileSyncService fileSync,
            Executor executor,
            Liveness liveness,
            List<String> methods) {
        methods.addAll(List.of(
                HealthService.CHECK, FileSyncService.DIFF_COPY, AuthService.CREDENTIALS, SecretsService.GET_SECRET));
        OkHttpServerBuilder builder = OkHttpServerBuilder.forPort(0, InsecureServerCredentials.create())
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE)
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .executor(executor)
                .addTransportFilter(liveness)
                .intercept(new CallMetadata())
                .addService(new HealthService())
                .addService(fileSync)
                .addService(auth)
                .addService(secrets);
        if (!config.sshAgents().isEmpty()) {
            builder.addService(new SshForwardService(config.sshAgents(), executor));
            methods.add(SshForwardService.CHECK_AGENT);
            methods.add(SshForwardService.FORWARD_AGENT);
        }
        return builder;
    }

    /** The build context and the Dockerfile, as the daemon's DiffCopy asks for them; {@code report} hears of each. */
    static FileSyncService fileSyncFor(Config config, Executor executor, Consumer<SyncStats> report) {
        Map<String, SyncSource> sources = new LinkedHashMap<>();
        sources.put("context", new ContextDirectory(config.contextRoot(), config.ignore()));
        sources.put("dockerfile", new DockerfileSource(config.dockerfileName(), config.dockerfileContent()));
        return new FileSyncService(sources, executor, report);
    }

    /** The session id, for the build's {@code session} parameter. */
    public String id() {
        return id;
    }

    /** What each DiffCopy of this session sent, in order. */
    public List<SyncStats> syncs() {
        return List.copyOf(syncs);
    }

    /**
     * How far each DiffCopy that began and did not end got (a transfer the build's cancel or the
     * session's loss cut short), so that a stopped build can say it.
     */
    public List<SyncStats> unfinishedSyncs() {
        return fileSync.unfinished();
    }

    /** The registries the daemon asked credentials for. */
    public Set<String> registriesAsked() {
        return auth.asked();
    }

    /** The ids of secrets the daemon asked for that the build was not given, sorted. */
    public Set<String> secretsNotGiven() {
        return secrets.notGiven();
    }

    /** The credentials the session answers for {@code host}, or null (anonymous). */
    public RegistryCredentials credentialsFor(String host) {
        return auth.forHost(host);
    }

    /** Whether the session's connection to the daemon ended while the session was open. */
    public boolean lost() {
        return liveness.isLost();
    }

    /**
     * {@link #lost()}, waiting up to {@code grace} for this side to notice: the daemon may report the
     * end of the connection in the build's stream before gRPC has told this process that it ended.
     */
    public boolean lost(Duration grace) {
        try {
            return liveness.lost.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return liveness.isLost();
        }
    }

    /**
     * Runs {@code action} once, on a thread of the session, when the connection ends before {@link
     * #close()} (at once if it has already): for example to cancel the build that needs the session.
     */
    public void onLost(Runnable action) {
        liveness.onLost(action);
    }

    /** Sessions open in this process: for tests that check none is left behind. */
    public static int openSessions() {
        return OPEN.get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        liveness.closing = true;
        server.shutdownNow();
        try {
            connection.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        OPEN.decrementAndGet();
    }
}
