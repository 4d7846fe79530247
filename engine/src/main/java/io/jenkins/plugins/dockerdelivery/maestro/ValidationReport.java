package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.image.ImageReference;
import io.jenkins.plugins.dockerdelivery.image.MatchLevel;
import java.util.List;

/**
 * What {@link MaestroValidator} found: errors Maestro would fail on (or fail obscurely on), warnings
 * about what it would silently ignore, and which image every service and instance runs.
 *
 * @param notChecked null when the file was checked; else why it could not be (a part of Jinja2 the
 *     check does not evaluate): then there are no errors, and the file may well be valid
 */
public record ValidationReport(
        String file, List<Problem> errors, List<Problem> warnings, List<ImageUse> images, String notChecked) {
    public ValidationReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        images = List.copyOf(images);
    }

    /** @param key where in the document, as a dotted path: {@code services.web.instances.web-1.ship} */
    public record Problem(String file, int line, String key, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + key + ": " + message;
        }
    }

    /** @param instance null for the service's own image, else the instance that overrides it */
    public record ImageUse(String service, String instance, String written, ImageReference image, int line) {}

    static ValidationReport notChecked(String file, String reason) {
        return new ValidationReport(file, List.of(), List.of(), List.of(), reason);
    }

    public boolean checked() {
        return notChecked == null;
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The services and instances that run {@code image}'s repository, with the tag each references. */
    public List<ImageUse> uses(ImageReference image) {
        return images.stream()
                .filter(u -> u.image() != null && u.image().matches(image, MatchLevel.REPOSITORY))
                .toList();
    }
}
