package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.ProgressListener;
import io.jenkins.plugins.dockerdelivery.ssh.ExecResult;
import io.jenkins.plugins.dockerdelivery.ssh.OutputLine;
import io.jenkins.plugins.dockerdelivery.ssh.SshSession;
import io.jenkins.plugins.dockerdelivery.ssh.SshSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a deploy: one SSH connection, one remote command ({@link MaestroCommandLine}), Maestro's output
 * read as it streams, each instance's progress reported, and a result that fails when maestro fails or
 * when any instance ends anywhere but where the command meant it to.
 */
public final class MaestroDeployer {
    private final SshSettings settings;

    public MaestroDeployer(SshSettings settings) {
        this.settings = settings;
    }

    public MaestroDeployer() {
        this(SshSettings.defaults());
    }

    public DeployResult deploy(MaestroDeployRequest request, ProgressListener rawListener) {
        ProgressListener listener = rawListener.masking(request.auth().secrets());
        String command = MaestroCommandLine.of(request);
        List<MaestroDeployRequest.Action> actions = request.actions();
        MaestroOutput output =
                new MaestroOutput((instance, firstTable) -> listener.progress(instance.name(), instance.status()));
        listener.log("Deploying on " + request.target() + ": " + command);
        ExecResult result;
        try (SshSession session =
                SshSession.open(request.target(), request.auth(), request.hostKeys(), settings, listener)) {
            if (request.validateFirst()) {
                RemoteValidation.validate(session, request, listener);
            }
            result = session.exec(command, request.timeout(), (stream, line) -> {
                if (stream == OutputLine.Stream.STDOUT) {
                    int before = output.tableCount();
                    output.stdout(line);
                    if (output.tableCount() > before) {
                        int phase = Math.min(output.tableCount(), actions.size()) - 1;
                        listener.log("maestro " + actions.get(phase).name().toLowerCase(java.util.Locale.ROOT) + ":");
                    } else if (!line.isBlank() && !line.matches("^\\s*\\d+\\..*")) {
                        listener.log(MaestroOutput.stripAnsi(line));
                    }
                } else {
                    output.stderr(line);
                    listener.log(MaestroOutput.stripAnsi(line));
                }
            });
        }
        return judge(request, command, result.exitStatus(), output);
    }

    /** The verdict: every phase (table) judged by its own action; the first that fails explains the result. */
    static DeployResult judge(MaestroDeployRequest request, String command, int exitCode, MaestroOutput output) {
        List<MaestroOutput.Table> tables = output.tables();
        List<MaestroDeployRequest.Action> actions = request.actions();
        String failure = null;
        for (int i = 0; i < tables.size() && i < actions.size(); i++) {
            MaestroAction action = MaestroCommandLine.action(request, actions.get(i));
            boolean last = i == tables.size() - 1;
            MaestroAction.Verdict verdict =
                    action.judge(last ? exitCode : 0, tables.get(i).instances());
            if (!verdict.ok() && failure == null) {
                failure = "maestro " + action.verb() + " failed"
                        + (last && exitCode != 0 ? " (exit code " + exitCode + ")" : "")
                        + (verdict.missed().isEmpty() ? "" : ": " + String.join("; ", verdict.missed()));
            }
        }
        if (failure == null && tables.size() < actions.size()) {
            String verb = actions.get(tables.size()).name().toLowerCase(java.util.Locale.ROOT);
            failure = (exitCode != 0 ? "the deploy failed (exit code " + exitCode + ")" : "the deploy ended early")
                    + " before maestro " + verb + " printed any instance";
        }
        if (failure == null && exitCode != 0) {
            failure = "the deploy failed with exit code " + exitCode;
        }
        if (failure != null && !output.errors().isEmpty()) {
            failure += ". Maestro said: " + String.join(" | ", output.errors());
        }
        List<DeployResult.InstanceResult> instances = new ArrayList<>();
        if (!tables.isEmpty()) {
            int phase = tables.size() - 1;
            MaestroAction action = MaestroCommandLine.action(request, actions.get(Math.min(phase, actions.size() - 1)));
            for (Map.Entry<String, MaestroOutput.Instance> e :
                    tables.get(phase).instances().entrySet()) {
                MaestroOutput.Instance i = e.getValue();
                instances.add(new DeployResult.InstanceResult(
                        i.name(), i.service(), i.ship(), i.container(), i.status(), action.reached(i.status())));
            }
        }
        boolean success = failure == null;
        String message = success
                ? "Deployed " + instances.size() + " instance" + (instances.size() == 1 ? "" : "s") + " on "
                        + request.target()
                : "The deploy on " + request.target() + " failed: " + failure;
        return new DeployResult(success, command, exitCode, instances, message, output.errors());
    }
}
