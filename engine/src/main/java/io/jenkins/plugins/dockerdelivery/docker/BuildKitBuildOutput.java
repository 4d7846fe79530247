package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * BuildKit's stream through {@code /build?version=2}: {@code moby.buildkit.trace} messages carry
 * vertexes (steps), statuses (transfers) and logs (RUN output); {@code moby.image.id} carries the
 * result. Printed like {@code docker buildx build --progress=plain}: {@code #3 [2/3] RUN make},
 * {@code #3 <output>}, {@code #3 DONE 1.2s} or {@code #3 CACHED}.
 */
final class BuildKitBuildOutput implements BuildOutput {
    private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

    private final ProgressListener listener;
    private final Map<String, Step> steps = new HashMap<>();
    private String imageId;
    private BuildFailedException failure;
    private Step failedStep;

    private static final class Step {
        final int number;
        String name = "";
        boolean announced;
        boolean finished;
        long completedNanos;
        final LastLines output = new LastLines();
        final StringBuilder partial = new StringBuilder();
        final Map<String, String> transfers = new HashMap<>();
        /** For each transfer still going on: the daemon's time of the last update shown. */
        final Map<String, Long> shownAt = new HashMap<>();

        Step(int number) {
            this.number = number;
        }
    }

    BuildKitBuildOutput(ProgressListener listener) {
        this.listener = listener;
    }

    @Override
    public void accept(Map<String, Object> message) {
        String id = JsonMessages.text(message, "id");
        Object aux = message.get("aux");
        String error = JsonMessages.text(JsonMessages.object(message, "errorDetail"), "message");
        if (error == null) {
            error = JsonMessages.text(message, "error");
        }
        if ("moby.buildkit.trace".equals(id) && aux instanceof String encoded) {
            BuildKitTrace.StatusResponse trace;
            try {
                trace = BuildKitTrace.decode(Base64.getDecoder().decode(encoded));
            } catch (IllegalArgumentException e) {
                listener.warn("unreadable BuildKit progress message skipped (" + e.getMessage() + ")");
                return;
            }
            trace.vertexes().forEach(this::vertex);
            trace.statuses().forEach(this::status);
            trace.logs().forEach(this::log);
        } else if ("moby.image.id".equals(id)) {
            imageId = JsonMessages.text(JsonMessages.object(message, "aux"), "ID");
        } else if (error != null) {
            failure = failedStep != null
                    ? new BuildFailedException(
                            "#" + failedStep.number + " " + failedStep.name, error, failedStep.output.get())
                    : new BuildFailedException(null, error, java.util.List.of());
        } else if (JsonMessages.text(message, "stream") != null) {
            String text = JsonMessages.text(message, "stream").stripTrailing();
            if (!text.isEmpty()) {
                listener.log(text);
            }
        }
    }

    private Step step(String digest) {
        return steps.computeIfAbsent(digest, d -> new Step(steps.size() + 1));
    }

    private void vertex(BuildKitTrace.Vertex v) {
        Step step = step(v.digest());
        if (!v.name().isEmpty()) {
            step.name = v.name();
        }
        if (!step.announced && (v.startedNanos() > 0 || v.cached())) {
            step.announced = true;
            listener.log("#" + step.number + " " + step.name);
        }
        if (step.finished) {
            // BuildKit runs some steps twice under one digest, first to work out the cache key, then for
            // real ("load build context": an instant, then the whole transfer). A start after the step's
            // end is that second run, which gets its own DONE; anything else is a repeat of the end.
            if (v.cached() || v.startedNanos() <= step.completedNanos) {
                return;
            }
            step.finished = false;
        }
        if (!v.error().isEmpty()) {
            step.finished = true;
            step.completedNanos = v.completedNanos() > 0 ? v.completedNanos() : Long.MAX_VALUE;
            flush(step);
            failedStep = step;
            listener.log("#" + step.number + " ERROR: " + v.error());
        } else if (v.cached()) {
            step.finished = true;
            step.completedNanos = Long.MAX_VALUE; // a cached step does not run again
            listener.log("#" + step.number + " CACHED");
        } else if (v.completedNanos() > 0) {
            step.finished = true;
            step.completedNanos = v.completedNanos();
            flush(step);
            double seconds = (v.completedNanos() - v.startedNanos()) / 1e9;
            listener.log("#" + step.number + " DONE " + String.format(Locale.ROOT, "%.1fs", Math.max(0, seconds)));
        }
    }

    private void status(BuildKitTrace.Status s) {
        Step step = step(s.vertex());
        String name = s.name().isEmpty() ? s.id() : s.name();
        if (!s.completed()) {
            inProgress(step, name, s);
            return;
        }
        // compact: a transfer is shown when it completes, not at every byte
        if (!"done".equals(step.transfers.put(s.id(), "done"))) {
            String amount = s.total() > 0
                    ? size(s.current()) + " / " + size(s.total()) + " done"
                    : s.current() > 0 ? size(s.current()) + " done" : "done";
            listener.progress("#" + step.number + " " + name, amount);
        }
    }

    /**
     * A long transfer (a context of gigabytes, a large pull) shows how far it got every 5 s of the daemon's
     * time, as {@code docker build --progress=plain} does: {@code #6 transferring: 764.67MB 5.0s}. The
     * daemon's timestamps, not this machine's clock, decide, so the lines say what the daemon had received.
     */
    private void inProgress(Step step, String name, BuildKitTrace.Status s) {
        if (s.current() <= 0 || s.timestampNanos() <= 0 || s.startedNanos() <= 0) {
            return;
        }
        long since = step.shownAt.getOrDefault(s.id(), s.startedNanos());
        if (s.timestampNanos() - since < PROGRESS_INTERVAL_NANOS) {
            return;
        }
        step.shownAt.put(s.id(), s.timestampNanos());
        double seconds = (s.timestampNanos() - s.startedNanos()) / 1e9;
        String amount = s.total() > 0 ? size(s.current()) + " / " + size(s.total()) : size(s.current());
        listener.progress("#" + step.number + " " + name, amount + " " + String.format(Locale.ROOT, "%.1fs", seconds));
    }

    private void log(BuildKitTrace.Log l) {
        Step step = step(l.vertex());
        step.partial.append(new String(l.message(), StandardCharsets.UTF_8));
        int newline;
        while ((newline = step.partial.indexOf("\n")) >= 0) {
            String line = step.partial.substring(0, newline).stripTrailing();
            step.partial.delete(0, newline + 1);
            step.output.add(line);
            listener.log("#" + step.number + " " + line);
        }
    }

    private void flush(Step step) {
        if (step.partial.length() > 0) {
            String line = step.partial.toString().stripTrailing();
            step.partial.setLength(0);
            step.output.add(line);
            listener.log("#" + step.number + " " + line);
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        double value = bytes;
        String[] units = {"kB", "MB", "GB", "TB"};
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, units[Math.max(unit, 0)]);
    }

    @Override
    public String imageId() {
        return imageId;
    }

    @Override
    public BuildFailedException failure() {
        return failure;
    }
}
