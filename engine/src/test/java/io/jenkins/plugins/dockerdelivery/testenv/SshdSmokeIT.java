package io.jenkins.plugins.dockerdelivery.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Proves the sshd of the environment with JSch alone, before the engine's ssh package is involved. */
class SshdSmokeIT {
    @Test
    void runsEchoWithTheTestKeyAndAVerifiedHostKey() throws Exception {
        TestEnvironment env = TestEnvironment.require();
        JSch jsch = new JSch();
        jsch.setKnownHosts(env.knownHosts().toString());
        jsch.addIdentity(env.sshKey("id_ed25519").toString());
        Session session = jsch.getSession(env.sshUser(), env.sshHost(), env.sshPort());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.connect(10_000);
        try {
            ChannelExec exec = (ChannelExec) session.openChannel("exec");
            exec.setCommand("echo smoke-ok");
            InputStream out = exec.getInputStream();
            exec.connect(10_000);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            out.transferTo(bytes);
            while (!exec.isClosed()) {
                Thread.sleep(10);
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("smoke-ok\n");
            assertThat(exec.getExitStatus()).isZero();
        } finally {
            session.disconnect();
        }
    }
}
