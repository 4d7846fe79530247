package io.jenkins.plugins.dockerdelivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage errors name the option and what it expects, never the value given (issue 10, critical 3). */
class UsageErrorsTest {
    private static final String PW = "Pa55-w0rd-typed-here";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "build-push --context . -t a:1 --registry-password-stdin=" + PW
                        + "|invalid value for option '--registry-password-stdin': it takes no value (the secret itself goes to standard input)",
                "deploy --host h --user u --passphrase-stdin=" + PW
                        + "|invalid value for option '--passphrase-stdin': it takes no value",
                "deploy --host h --user u --password-stdin=" + PW
                        + "|invalid value for option '--password-stdin': it takes no value",
                "build-push --context . -t a:1 --push-attempts " + PW
                        + "|invalid value for option '--push-attempts': expected a whole number",
                "build-push --context . -t a:1 --build-arg " + PW
                        + "|invalid value for option '--build-arg': expected NAME=VALUE",
                "graph scan . --format " + PW + "|invalid value for option '--format': expected one of table, dot",
                "build-push --context . -t a:1 --registry-password-stdin " + PW
                        + "|unexpected argument (argument 7) for 'build-push'",
                "build-push --context . -t a:1 --" + PW + "|unknown option (argument 6) for 'build-push'",
                "build-push --context . -t a:1 --registry-user|a value is missing for option '--registry-user=USER'",
                "build-push --context . --registry-user --no-push -t a:1"
                        + "|a value is missing for option '--registry-user=USER'",
                "build-push --context .|missing required option '--tag=REF'",
            })
    void theOptionIsNamedNeverItsValue(String args, String message) {
        CliRunner.Result r = CliRunner.run(args.split(" "));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).startsWith("docker-delivery: " + message).doesNotContain(PW);
        assertThat(r.out()).doesNotContain(PW);
    }
}
