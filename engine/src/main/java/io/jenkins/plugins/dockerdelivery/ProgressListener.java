package io.jenkins.plugins.dockerdelivery;

/**
 * Where the engine reports what it does. The engine never prints: the CLI writes these calls to the
 * terminal and the plugin to the build log. Implementations must be thread-safe, since build,
 * push and SSH streams report from their own threads.
 */
public interface ProgressListener {

    /** A line of log output: a build step's output, a remote command's stdout, a result. */
    void log(String line);

    /** Something the user should notice but that does not stop the work. */
    default void warn(String line) {
        log("WARNING: " + line);
    }

    /**
     * A state change of a long-running piece of work, such as a layer being pushed or a Maestro
     * instance restarting. {@code item} names the piece ("layer 3f4e", "web-1"), {@code status} is its
     * new state. Listeners may coalesce these; the default logs each one.
     */
    default void progress(String item, String status) {
        log(item + ": " + status);
    }

    /** A listener that drops everything. */
    ProgressListener NONE = line -> {};

    /** This listener with every value of {@code secrets} masked in all it receives. */
    default ProgressListener masking(Secret... secrets) {
        return SecretMasker.of(secrets).wrap(this);
    }
}
