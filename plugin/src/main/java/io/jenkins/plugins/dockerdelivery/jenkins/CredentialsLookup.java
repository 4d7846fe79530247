package io.jenkins.plugins.dockerdelivery.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernameCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dockerdelivery.Secret;
import io.jenkins.plugins.dockerdelivery.ssh.SshAuth;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Credentials from the Credentials plugin, as engine values. Looked up for the run (so credential
 * parameters and folder credentials work) and tracked, as the Credentials plugin asks of consumers.
 */
final class CredentialsLookup {
    private CredentialsLookup() {}

    /** A user name and password (or token), for a registry. */
    static StandardUsernamePasswordCredentials usernamePassword(Run<?, ?> run, String id) throws AbortException {
        StandardUsernamePasswordCredentials c =
                CredentialsProvider.findCredentialById(id, StandardUsernamePasswordCredentials.class, run);
        if (c == null) {
            throw new AbortException("No 'Username with password' credentials with id '" + id + "' are available to "
                    + run.getParent().getFullName() + ". Create them, or check the id and the folder they are in.");
        }
        CredentialsProvider.track(run, c);
        return c;
    }

    /** SSH credentials: a private key (with passphrase), or a user name and password. */
    static SshLogin ssh(Run<?, ?> run, String id) throws AbortException {
        StandardUsernameCredentials c =
                CredentialsProvider.findCredentialById(id, StandardUsernameCredentials.class, run);
        if (c == null) {
            throw new AbortException("No SSH credentials with id '" + id + "' are available to "
                    + run.getParent().getFullName()
                    + ". Create 'SSH Username with private key' credentials for the Maestro host.");
        }
        CredentialsProvider.track(run, c);
        if (c instanceof SSHUserPrivateKey key) {
            List<String> keys = key.getPrivateKeys();
            if (keys.isEmpty()) {
                throw new AbortException("The SSH credentials '" + id + "' hold no private key");
            }
            hudson.util.Secret passphrase = key.getPassphrase();
            Secret engineKey = Secret.of(keys.get(0));
            Secret enginePassphrase =
                    passphrase == null || passphrase.getPlainText().isEmpty()
                            ? null
                            : Secret.of(passphrase.getPlainText());
            return new SshLogin(key.getUsername(), SshAuth.privateKey(engineKey, enginePassphrase));
        }
        if (c instanceof StandardUsernamePasswordCredentials password) {
            return new SshLogin(
                    password.getUsername(),
                    SshAuth.password(Secret.of(password.getPassword().getPlainText())));
        }
        throw new AbortException(
                "The credentials '" + id + "' are neither an SSH private key nor a user name with password");
    }

    record SshLogin(String user, SshAuth auth) {}

    /**
     * A build secret from "Secret file" or "Secret text" credentials, as it crosses to the agent: the
     * file's bytes (base64) or the text, as an engine {@link Secret}.
     */
    static AgentSecret buildSecret(Run<?, ?> run, String secretId, String credentialsId) throws AbortException {
        StandardCredentials c = CredentialsProvider.findCredentialById(credentialsId, StandardCredentials.class, run);
        if (c instanceof FileCredentials file) {
            CredentialsProvider.track(run, c);
            try (java.io.InputStream in = file.getContent()) {
                return new AgentSecret(
                        secretId, Secret.of(java.util.Base64.getEncoder().encodeToString(in.readAllBytes())), true);
            } catch (java.io.IOException e) {
                throw new AbortException(
                        "Cannot read the secret file credentials '" + credentialsId + "': " + e.getMessage());
            }
        }
        if (c instanceof StringCredentials text) {
            CredentialsProvider.track(run, c);
            return new AgentSecret(secretId, Secret.of(text.getSecret().getPlainText()), false);
        }
        throw new AbortException("No 'Secret file' or 'Secret text' credentials with id '" + credentialsId
                + "' are available to " + run.getParent().getFullName() + " for the build secret '" + secretId
                + "'. Create them, or check the id and the folder they are in.");
    }

    /** Secret file or Secret text: the kinds a build secret can come from. */
    static final com.cloudbees.plugins.credentials.CredentialsMatcher SECRET_KINDS = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(FileCredentials.class),
            CredentialsMatchers.instanceOf(StringCredentials.class));

    /**
     * The credentials a user may pick in a form. Without the right to configure the job (or to
     * administer, outside a job), only the current value is shown: nothing is enumerated.
     */
    static ListBoxModel items(Item item, String credentialsId, Class<? extends StandardCredentials> type) {
        return items(item, credentialsId, type, CredentialsMatchers.always());
    }

    /** The same, narrowed by {@code matcher} (several credential kinds at once). */
    static ListBoxModel items(
            Item item,
            String credentialsId,
            Class<? extends StandardCredentials> type,
            com.cloudbees.plugins.credentials.CredentialsMatcher matcher) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(credentialsId);
            }
        } else if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return result.includeCurrentValue(credentialsId);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(
                        item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2,
                        item,
                        type,
                        List.of(),
                        matcher)
                .includeCurrentValue(credentialsId);
    }

    /** Whether {@code value} names credentials of {@code type} the job can use; the same permission gate. */
    static FormValidation check(Item item, String value, Class<? extends StandardCredentials> type) {
        return check(item, value, type, CredentialsMatchers.always());
    }

    /** The same, narrowed by {@code matcher}: a Username with password is no build secret. */
    static FormValidation check(
            Item item,
            String value,
            Class<? extends StandardCredentials> type,
            com.cloudbees.plugins.credentials.CredentialsMatcher matcher) {
        if (item == null
                ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return FormValidation.ok();
        }
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        if (value.startsWith("${") && value.endsWith("}")) {
            return FormValidation.warning("Cannot check a credentials parameter");
        }
        if (CredentialsProvider.listCredentialsInItem(
                        type,
                        item,
                        item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2,
                        List.of(),
                        CredentialsMatchers.allOf(CredentialsMatchers.withId(value), matcher))
                .isEmpty()) {
            return FormValidation.error("No such credentials, or not of the right kind");
        }
        return FormValidation.ok();
    }
}
