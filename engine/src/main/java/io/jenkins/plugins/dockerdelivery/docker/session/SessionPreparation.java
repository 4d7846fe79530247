package io.jenkins.plugins.dockerdelivery.docker.session;

import com.google.protobuf.ByteString;
import io.jenkins.plugins.dockerdelivery.docker.DockerIgnore;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Packet;
import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Stat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A head start for a short-lived process such as the command-line tool: on a thread of its own, it
 * loads and initialises what a {@link BuildSession} runs on (gRPC's server, the protocol's messages and
 * their descriptors, the locale data gRPC formats its thread names with), while the process reads its
 * arguments and reaches the daemon on its other core. Without it the same work lies on the path of the
 * first session: about a tenth of a second of a cold build. A long-lived JVM has no use for it, its
 * first build does the same once. What it changes besides the JVM's classes is what their static
 * initialisers set, which the first session sets all the same (the level and filter of grpc-okhttp's frame
 * loggers, see {@link GrpcLogging}), so a session opened meanwhile is unaffected. A class of its own, so
 * that the caller's thread links one lambda and starts a thread, and initialises none of the session's
 * classes itself.
 */
public final class SessionPreparation {
    private SessionPreparation() {}

    /** Starts the preparation and returns its thread, a daemon: it never keeps the process alive. */
    public static Thread startInBackground() {
        Thread thread = new Thread(
                () -> {
                    try {
                        prepare();
                    } catch (IOException | RuntimeException | LinkageError e) {
                        // only a head start: the same work fails again where it is needed, and is reported
                        // there (a class whose initialisation failed here says NoClassDefFoundError there)
                    }
                },
                "docker-delivery session preparation");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The preparation itself, on the calling thread. */
    static void prepare() throws IOException {
        BuildSession.Config nothing = new BuildSession.Config(
                Path.of("."), DockerIgnore.none(), "Dockerfile", new byte[0], List.of(), List.of(), Map.of());
        // built, never started: it binds nothing and runs nothing on the executor it is given
        BuildSession.serverFor(
                        nothing,
                        new AuthService(List.of()),
                        new SecretsService(List.of()),
                        BuildSession.fileSyncFor(nothing, Runnable::run, stats -> {}),
                        Runnable::run,
                        new BuildSession.Liveness(),
                        new ArrayList<>())
                .build();
        // a STAT with an extended attribute: its map field is what needs the descriptors built
        Packet packet = Packet.newBuilder()
                .setType(Packet.PacketType.PACKET_STAT)
                .setStat(Stat.newBuilder().setPath("prepare").putXattrs("user.prepare", ByteString.EMPTY))
                .build();
        Packet.parseFrom(packet.toByteArray());
        // gRPC names its threads through Guava's ThreadFactoryBuilder, String.format(Locale.ROOT, ...): the
        // first such call loads the locale's digits
        String.format(Locale.ROOT, "%d", 0);
    }
}
