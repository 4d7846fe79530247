package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import io.jenkins.plugins.dockerdelivery.ConnectionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;

/** How the build request and its streamed context reach the daemon. */
interface BuildTransport {

    /** @param body the context as a tar, or null for a request without a body */
    Response post(String pathAndQuery, Map<String, String> headers, ContextTarStream body);

    /**
     * The daemon's answer; closing it closes the connection.
     *
     * @param uploadFailure the context's own failure while it was being sent, if any
     */
    record Response(int status, InputStream body, Closer closer, Supplier<RuntimeException> uploadFailure)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            closer.close();
        }

        /** Throws what went wrong on the sending side, which explains any error on the reading side. */
        void rethrowUploadFailure() {
            RuntimeException failure = uploadFailure.get();
            if (failure != null) {
                throw failure;
            }
        }
    }

    interface Closer {
        void close() throws IOException;
    }

    /** For the daemon's endpoint: the Unix-socket fast path where it applies, docker-java's transport elsewhere. */
    static BuildTransport forSession(DockerSession docker) {
        if (UnixSocketBuildTransport.supports(docker.endpoint())) {
            return new UnixSocketBuildTransport(DockerConnector.socketPath(docker.endpoint()));
        }
        return new DockerJavaBuildTransport(docker.http());
    }

    /** The general path: docker-java's HTTP client (TCP, TLS, named pipes). */
    final class DockerJavaBuildTransport implements BuildTransport {
        private final DockerHttpClient http;

        DockerJavaBuildTransport(DockerHttpClient http) {
            this.http = http;
        }

        @Override
        public Response post(String pathAndQuery, Map<String, String> headers, ContextTarStream body) {
            Recording recording = new Recording(body == null ? InputStream.nullInputStream() : body);
            DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path(pathAndQuery)
                    .body(recording);
            headers.forEach(request::putHeader);
            try {
                DockerHttpClient.Response response = http.execute(request.build());
                return new Response(
                        response.getStatusCode(),
                        response.getBody(),
                        () -> {
                            response.close();
                            if (body != null) {
                                body.close();
                            }
                        },
                        recording::failure);
            } catch (RuntimeException e) {
                if (recording.failure() != null) {
                    throw recording.failure();
                }
                throw new ConnectionException(
                        "The connection to the Docker daemon broke during the build: " + e.getMessage(), e);
            }
        }

        /** Keeps the context stream's own failure, which the HTTP client would otherwise bury in its own. */
        private static final class Recording extends java.io.FilterInputStream {
            private volatile BuildContextException failure;

            Recording(InputStream in) {
                super(in);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (BuildContextException e) {
                    failure = e;
                    throw e;
                }
            }

            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (BuildContextException e) {
                    failure = e;
                    throw e;
                }
            }

            BuildContextException failure() {
                return failure;
            }
        }
    }
}
