package io.jenkins.plugins.dockerdelivery.docker;

import io.jenkins.plugins.dockerdelivery.DeliveryException;
import java.util.List;

/** The daemon ran the build and it failed: the message names the step and shows its last output. */
public class BuildFailedException extends DeliveryException {
    private static final long serialVersionUID = 1L;

    private final String step;

    public BuildFailedException(String step, String error, List<String> lastOutput) {
        super(message(step, error, lastOutput));
        this.step = step;
    }

    private BuildFailedException(String message, String step, BuildFailedException daemons) {
        super(message, daemons);
        this.step = step;
    }

    /** The same failure, with what to do about it before the daemon's words. */
    BuildFailedException withHint(String hint) {
        return new BuildFailedException(hint + "\n" + getMessage(), step, this);
    }

    private static String message(String step, String error, List<String> lastOutput) {
        StringBuilder m = new StringBuilder("The build failed");
        if (step != null) {
            m.append(" at ").append(step);
        }
        m.append(": ").append(error.strip());
        if (!lastOutput.isEmpty()) {
            m.append("\nLast output of that step:");
            lastOutput.forEach(line -> m.append("\n  ").append(line));
        }
        return m.toString();
    }

    /** The failed step as the builder names it ({@code step 3/5 (RUN make test)}), or null. */
    public String step() {
        return step;
    }
}
