package io.jenkins.plugins.dockerdelivery.docker.session;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What grpc-okhttp may log of a session. Its frame logger writes the first 64 bytes of every HTTP/2
 * DATA frame, in hex, at FINE: the answers to {@code GetSecret} and {@code Credentials} are DATA
 * frames, and a secret in hex passes every masker. A Jenkins log recorder on {@code io.grpc} at FINE
 * or ALL would keep them. So the frame loggers drop DATA records whatever their level; the rest of
 * the frame log (HEADERS, SETTINGS, PING, WINDOW_UPDATE) carries no payload and stays for debugging.
 */
final class GrpcLogging {
    /** Inbound frames log here; outbound ones on the client transport's logger, on a server too. */
    private static final Logger SERVER_TRANSPORT = Logger.getLogger("io.grpc.okhttp.OkHttpServerTransport");

    private static final Logger CLIENT_TRANSPORT = Logger.getLogger("io.grpc.okhttp.OkHttpClientTransport");

    /** Held here: JUL keeps loggers weakly, and a logger collected and made again loses its filter. */
    private static final List<Logger> FRAME_LOGGERS = List.of(SERVER_TRANSPORT, CLIENT_TRANSPORT);

    static {
        for (Logger logger : FRAME_LOGGERS) {
            Filter previous = logger.getFilter();
            logger.setFilter(record -> !isFrameData(record) && (previous == null || previous.isLoggable(record)));
        }
        // grpc-okhttp logs a connection the daemon ended (a lost session, or its end after a failed
        // build) as a WARNING with a stack trace on stderr; the build says what happened itself. Only
        // where nobody configured the logger.
        if (SERVER_TRANSPORT.getLevel() == null) {
            SERVER_TRANSPORT.setLevel(Level.SEVERE);
        }
    }

    private GrpcLogging() {}

    /** Runs the static set-up above, once, before the first session. */
    static void install() {}

    /** {@code OkHttpFrameLogger}'s record of a DATA frame: {@code "OUTBOUND DATA: streamId=3 ... bytes=..."}. */
    static boolean isFrameData(LogRecord record) {
        String message = record.getMessage();
        return message != null && message.contains(" DATA: streamId=");
    }
}
