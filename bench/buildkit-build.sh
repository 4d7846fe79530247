#!/usr/bin/env bash
# The BuildKit benchmark of docs/performance.md: the engine's session against DOCKER_BUILDKIT=1 docker build
# (the Debian 20.10 CLI at /usr/bin/docker) on the same daemon, for a 1 GiB context and a 1.8 GB "old site".
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
dir=${BENCH_CONTEXT_ROOT:-/tmp/docker-delivery-bench}
command -v /usr/bin/time >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq time >/dev/null; }
[[ -x /usr/bin/docker ]] && /usr/bin/docker version --format '{{.Client.Version}}' | grep -q '^20\.10' \
  || { echo "bench: /usr/bin/docker is not Debian's docker.io 20.10 CLI" >&2; exit 2; }
env_dir=${DD_TESTENV_DIR:-/tmp/docker-delivery-testenv}
base=$(sed -n 's/^docker.baseImage=//p' "$env_dir/testenv.properties")
# the daemon the test environment started is the bench's own: its build cache is emptied after each run
[[ -f $env_dir/docker/started-by-testenv ]] && export BENCH_PRUNE=${BENCH_PRUNE:-1}
# The warm side is this JVM. -Xms32m: the heap starts small and grows to what the builds need (with the
# default initial heap, 1/64 of the memory, any garbage makes that whole heap resident, whatever the
# engine keeps); -Xmx128m: nine builds of 1 to 1.8 GB run in a heap of 128 MiB at most, so the peak RSS
# says what the engine needs, not how far G1 lets a heap grow when it may.
for name in ${BENCH_CONTEXTS:-1gib old-site}; do
  # shellcheck disable=SC2086
  java -Xlog:disable ${BENCH_WARM_JAVA_OPTS:--Xms32m -Xmx128m} -cp bench/target/benchmarks.jar io.jenkins.plugins.dockerdelivery.bench.BuildKitBenchmark \
    "$name" "$dir/$name" bin/docker-delivery "$runs" "$base"
done
