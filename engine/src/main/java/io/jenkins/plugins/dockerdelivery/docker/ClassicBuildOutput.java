package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classic builder's stream: {@code {"stream": "Step 2/5 : RUN ..."}} text (lines may arrive in
 * pieces), {@code {"status": ..., "id": ...}} pull progress, {@code {"aux": {"ID": ...}}} and {@code
 * {"errorDetail": ...}}.
 */
final class ClassicBuildOutput implements BuildOutput {
    private static final Pattern STEP = Pattern.compile("^Step (\\d+/\\d+) : (.*)$");
    private static final Pattern BUILT = Pattern.compile("^Successfully built ([0-9a-f]{12,64})$");

    private final ProgressListener listener;
    private final StringBuilder partial = new StringBuilder();
    private final LastLines stepOutput = new LastLines();
    private final Map<String, String> pullStatus = new HashMap<>();
    private String step;
    private String imageId;
    private BuildFailedException failure;

    ClassicBuildOutput(ProgressListener listener) {
        this.listener = listener;
    }

    @Override
    public void accept(Map<String, Object> message) {
        String stream = JsonMessages.text(message, "stream");
        if (stream != null) {
            partial.append(stream);
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                line(partial.substring(0, newline).stripTrailing());
                partial.delete(0, newline + 1);
            }
        }
        String status = JsonMessages.text(message, "status");
        if (status != null) {
            String id = JsonMessages.text(message, "id");
            if (id == null || id.isEmpty()) {
                listener.log(status);
            } else if (!status.equals(pullStatus.put(id, status))) {
                listener.progress(id, status);
            }
        }
        String auxId = JsonMessages.text(JsonMessages.object(message, "aux"), "ID");
        if (auxId != null) {
            imageId = auxId;
        }
        String error = JsonMessages.text(JsonMessages.object(message, "errorDetail"), "message");
        if (error == null) {
            error = JsonMessages.text(message, "error");
        }
        if (error != null) {
            flush();
            failure = new BuildFailedException(step, error, stepOutput.get());
        }
    }

    private void line(String line) {
        Matcher m = STEP.matcher(line);
        if (m.matches()) {
            step = "step " + m.group(1) + " (" + m.group(2) + ")";
            stepOutput.clear();
        } else if (!line.startsWith(" ---> ") && !line.isEmpty()) {
            stepOutput.add(line);
        }
        Matcher built = BUILT.matcher(line);
        if (built.matches() && imageId == null) {
            imageId = built.group(1);
        }
        listener.log(line);
    }

    private void flush() {
        if (partial.length() > 0) {
            line(partial.toString().stripTrailing());
            partial.setLength(0);
        }
    }

    @Override
    public String imageId() {
        flush();
        return imageId;
    }

    @Override
    public BuildFailedException failure() {
        return failure;
    }
}
