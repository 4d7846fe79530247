package io.jenkins.plugins.dockerdelivery.gitlab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, refusing as soon as it is passed rather than after buffering it all. */
public final class BoundedBody {
    /** GitLab sends up to 25 MiB; a push of a few commits is a few KiB. */
    public static final int DEFAULT_LIMIT = 5 * 1024 * 1024;

    private BoundedBody() {}

    /**
     * @param declaredLength the Content-Length header, or -1 when absent (chunked)
     * @throws WebhookRejected 413 when the body is larger than {@code limit}
     */
    public static byte[] read(InputStream in, long declaredLength, int limit) throws IOException {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 8192);
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > limit) {
                throw tooLarge(limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static WebhookRejected tooLarge(int limit) {
        return new WebhookRejected(
                413,
                "rejected: the body is larger than " + limit + " bytes, the most this endpoint reads;"
                        + " GitLab's push hooks are a few KiB: is this a push hook?");
    }
}
