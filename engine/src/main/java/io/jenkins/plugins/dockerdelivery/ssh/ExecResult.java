package io.jenkins.plugins.dockerdelivery.ssh;

/**
 * How a remote command ended.
 *
 * @param exitStatus the command's exit status
 * @param stdoutTail the end of its standard output (at most {@link RemoteCommand#KEPT_CHARACTERS})
 * @param stderrTail the end of its standard error, likewise
 */
public record ExecResult(int exitStatus, String stdoutTail, String stderrTail) {}
