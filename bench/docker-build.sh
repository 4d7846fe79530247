#!/usr/bin/env bash
# The build benchmark of docs/performance.md: a 1 GiB context (200 files of 5 MiB, 20 of them excluded
# by .dockerignore) and a trivial Dockerfile, built through the engine and through `docker build`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}
ctx=${BENCH_CONTEXT_DIR:-/tmp/docker-delivery-bench-context}
command -v /usr/bin/time >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq time >/dev/null; }
base=$(sed -n 's/^docker.baseImage=//p' "${DD_TESTENV_DIR:-/tmp/docker-delivery-testenv}/testenv.properties")
if [[ ! -f $ctx/.complete ]]; then
  echo "bench: generating a 1 GiB context in $ctx"
  rm -rf "$ctx" && mkdir -p "$ctx/excluded"
  for i in $(seq 1 180); do head -c 5242880 /dev/urandom >"$ctx/f$i.bin"; done
  for i in $(seq 1 20); do head -c 5242880 /dev/urandom >"$ctx/excluded/e$i.bin"; done
  echo excluded >"$ctx/.dockerignore"
  touch "$ctx/.complete"
fi
printf 'FROM %s\nCOPY Dockerfile /Dockerfile\nRUN true\n' "$base" >"$ctx/Dockerfile"
java -Xlog:disable -cp bench/target/benchmarks.jar io.jenkins.plugins.dockerdelivery.bench.BuildBenchmark \
  "$ctx" bin/docker-delivery "$runs"
