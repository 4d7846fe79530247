#!/usr/bin/env bash
# The SSH benchmark: the engine's SSH (warm JVM) against OpenSSH's ssh client on the test environment's sshd.
set -euo pipefail
cd "$(dirname "$0")/.."
props=${DD_TESTENV_DIR:-/tmp/docker-delivery-testenv}/testenv.properties
get() { sed -n "s/^$1=//p" "$props"; }
java -cp bench/target/benchmarks.jar io.jenkins.plugins.dockerdelivery.bench.SshBenchmark \
  "$(get ssh.host)" "$(get ssh.port)" "$(get ssh.user)" "$(get ssh.keysDir)/id_ed25519" "$(get ssh.knownHosts)" "${BENCH_RUNS:-7}"
