package io.jenkins.plugins.dockerdelivery.docker.session;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes each call's request headers readable by the service handling it: DiffCopy's {@code dir-name}
 * and patterns, the SSH forward's {@code buildkit.ssh.id}.
 */
final class CallMetadata implements ServerInterceptor {
    private static final Context.Key<Metadata> HEADERS = Context.key("docker-delivery-call-headers");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
    }

    /** Every value of the current call's header {@code name} (gRPC metadata may repeat a key). */
    static List<String> all(String name) {
        Metadata headers = HEADERS.get();
        if (headers == null) {
            return List.of();
        }
        Iterable<String> values = headers.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
        List<String> list = new ArrayList<>();
        if (values != null) {
            values.forEach(list::add);
        }
        return list;
    }

    /** The first value of the current call's header {@code name}, or "". */
    static String first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? "" : values.get(0);
    }
}
