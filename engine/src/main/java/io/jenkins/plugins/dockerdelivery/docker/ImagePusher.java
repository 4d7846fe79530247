package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PushImageCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.PushResponseItem;
import io.jenkins.plugins.dockerdelivery.AuthenticationException;
import io.jenkins.plugins.dockerdelivery.DeliveryException;
import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes a tag through the daemon with credentials sent in {@code X-Registry-Auth} (built in memory by
 * docker-java), shows progress per layer (a line when a layer changes state, not per percent), and
 * retries transient failures with a bounded back-off ({@link PushRetry}). Authentication failures are
 * never retried.
 */
final class ImagePusher {
    private static final Pattern DIGEST_LINE = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    private final DockerSession docker;
    private final ProgressListener listener;
    private final Sleeper sleeper;

    /** Waits between attempts; a test can make it instant. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    ImagePusher(DockerSession docker, ProgressListener listener, Sleeper sleeper) {
        this.docker = docker;
        this.listener = listener;
        this.sleeper = sleeper;
    }

    /**
     * Pushes {@code tag} as exactly {@code imageId}: the tag is pointed at the image right before each
     * attempt, and the push counts only when the daemon confirms it pushed that image. A concurrent
     * build that re-tags the same name in between would otherwise make this run print a digest of
     * another run's image.
     */
    PushedImage push(String imageId, ImageReference tag, RegistryCredentials credentials, PushRetry retry) {
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            PushFailure failure;
            boolean daemonRetried;
            Progress progress = new Progress();
            try {
                String digest = pushOnce(imageId, tag, credentials, progress);
                listener.log("Pushed " + tag.familiar() + "@" + digest);
                return new PushedImage(tag, digest);
            } catch (AttemptFailed e) {
                failure = e.failure;
                daemonRetried = progress.daemonRetried;
            }
            String where = tag.familiar() + " to " + tag.registry();
            if (failure.kind() == PushFailure.Kind.AUTHENTICATION) {
                throw new AuthenticationException(
                        credentials == null
                                ? "Push of " + where + " was refused: no credentials were given for " + tag.registry()
                                        + " (" + failure.message() + "). Give registry credentials for it."
                                : "Push of " + where + ": authentication failed for " + tag.registry() + " as "
                                        + credentials.username() + " (" + failure.message()
                                        + "). Check the user name and password, and the user's right to push.");
            }
            Duration delay = failure.kind() == PushFailure.Kind.PERMANENT
                    ? null
                    : retry.delayBefore(attempt + 1, waited, daemonRetried);
            if (delay == null) {
                throw new DeliveryException("Push of " + where + " failed"
                        + (attempt > 1 ? " after " + attempt + " attempts" : "")
                        + (daemonRetried ? " and the Docker daemon's own retries" : "") + ": " + failure.message());
            }
            listener.warn("push of " + where + " failed (" + failure.message() + "); attempt " + (attempt + 1) + " of "
                    + retry.attempts() + " in " + delay.toMillis() + " ms");
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("Push of " + where + " was interrupted", e);
            }
            waited = waited.plus(delay);
        }
    }

    private static final class AttemptFailed extends Exception {
        private static final long serialVersionUID = 1L;
        final transient PushFailure failure;

        AttemptFailed(PushFailure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }
    }

    private String pushOnce(String imageId, ImageReference tag, RegistryCredentials credentials, Progress progress)
            throws AttemptFailed {
        try {
            docker.client()
                    .tagImageCmd(imageId, tag.familiarRepository(), tag.tag())
                    .withForce()
                    .exec();
        } catch (DockerException e) {
            throw new AttemptFailed(PushFailure.classify(e.getMessage()));
        }
        listener.log("Pushing " + tag.familiar());
        PushImageCmd cmd =
                docker.client().pushImageCmd(tag.familiarRepository()).withTag(tag.tag());
        if (credentials != null) {
            cmd.withAuthConfig(credentials.toAuthConfig());
        }
        try {
            cmd.exec(progress).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("Push of " + tag.familiar() + " was interrupted", e);
        } catch (DockerException e) {
            throw new AttemptFailed(PushFailure.classify(e.getMessage()));
        } catch (RuntimeException e) {
            // the connection to the daemon itself: docker-java wraps I/O errors in runtime exceptions
            throw new AttemptFailed(PushFailure.classify(String.valueOf(e.getMessage())));
        }
        if (progress.error != null) {
            throw new AttemptFailed(PushFailure.classify(progress.error));
        }
        if (progress.digest == null) {
            throw new AttemptFailed(
                    new PushFailure("the daemon's push stream ended without a digest", PushFailure.Kind.TRANSIENT));
        }
        requirePushedImage(imageId, tag, progress.digest);
        return progress.digest;
    }

    /**
     * The proof that the manifest pushed is this build's: the daemon records, for each image, the
     * manifest digests it pushed that image as ({@code RepoDigests}); a manifest of another image is
     * not among them.
     */
    private void requirePushedImage(String imageId, ImageReference tag, String digest) throws AttemptFailed {
        List<String> repoDigests;
        try {
            repoDigests = docker.client().inspectImageCmd(imageId).exec().getRepoDigests();
        } catch (DockerException e) {
            throw new AttemptFailed(PushFailure.classify(e.getMessage()));
        }
        if (!PushedImage.confirms(repoDigests, tag, digest)) {
            throw new AttemptFailed(new PushFailure(
                    "the manifest pushed (" + digest + ") is not of the image this run built (" + imageId
                            + "): another build re-tagged " + tag.familiar() + " while this one pushed it."
                            + " Give concurrent builds different tags",
                    PushFailure.Kind.TRANSIENT));
        }
    }

    /** Reads the push stream: layer states, the digest, the error. */
    private final class Progress extends ResultCallback.Adapter<PushResponseItem> {
        private final Map<String, String> layerState = new HashMap<>();
        volatile String digest;
        volatile String error;
        /** The daemon retried a layer upload itself ("Retrying in 5 seconds"). */
        volatile boolean daemonRetried;

        @Override
        public void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage()
                        : "the daemon reported an error without a message";
                return;
            }
            if (item.getAux() != null && item.getAux().getDigest() != null) {
                digest = item.getAux().getDigest();
            }
            String status = item.getStatus();
            if (status == null) {
                return;
            }
            if (status.startsWith("Retrying in")) {
                daemonRetried = true;
            }
            String id = item.getId();
            if (id != null && !id.isEmpty() && id.matches("[0-9a-f]{12}")) {
                // one line per state change of a layer: Preparing, Waiting, Pushing, Pushed, Layer already exists
                if (!status.equals(layerState.put(id, status))) {
                    listener.progress("layer " + id, status);
                }
                return;
            }
            Matcher m = DIGEST_LINE.matcher(status);
            if (m.find() && digest == null) {
                digest = m.group(1);
            }
            if (!status.startsWith("The push refers to")) {
                listener.log(status);
            }
        }
    }
}
