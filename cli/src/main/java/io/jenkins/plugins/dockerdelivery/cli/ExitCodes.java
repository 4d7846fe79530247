package io.jenkins.plugins.dockerdelivery.cli;

/** The exit codes of every docker-delivery command. */
public final class ExitCodes {
    /** The work was done (or: the push would build). */
    public static final int OK = 0;
    /** The work failed (a build, push or deploy failed; or: the push would not build). */
    public static final int FAILED = 1;
    /** The input was wrong: bad arguments, a bad file, a rejected request. */
    public static final int INVALID_INPUT = 2;
    /** A bug: please report it with the stack trace printed. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {}
}
