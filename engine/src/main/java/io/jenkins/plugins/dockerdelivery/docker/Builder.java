package io.jenkins.plugins.dockerdelivery.docker;

/** Which image builder of the daemon to use. */
public enum Builder {
    /** BuildKit where the daemon has it, else the classic builder (and say so). */
    AUTO,
    /** BuildKit only ({@code POST /build?version=2}); fail where the daemon lacks it. */
    BUILDKIT,
    /** The classic builder only ({@code version=1}). */
    CLASSIC;

    /**
     * From a setting: {@code auto}, {@code buildkit} or {@code classic}, in any case.
     *
     * @param setting names the setting in the message, as its user writes it ({@code --builder})
     */
    public static Builder parse(String value, String setting) {
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new io.jenkins.plugins.dockerdelivery.InvalidInputException(
                    setting + " must be auto, buildkit or classic, not '" + value + "'");
        }
    }
}
