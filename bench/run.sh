#!/usr/bin/env bash
# `make bench`: every benchmark, each against its natural baseline, results also in bench/results/.
# Needs the test environment (make bench starts it). Tests never assert timings; this prints them.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out=bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt
mvn -B -q -Pbench -pl bench -am package -DskipTests -Dspotless.check.skip=true
mvn -B -q -pl cli -am package -DskipTests -Dspotless.check.skip=true
{
  echo "== graph: 10,000 images, 50,000 edges (target: build and plan under 50 ms each)"
  java -jar bench/target/benchmarks.jar GraphBenchmark -wi 3 -i 5 -w 1 -r 1 2>&1 | grep -E '^\[graph\]|^GraphBenchmark|^Benchmark' | sort -u
  java -cp bench/target/benchmarks.jar io.jenkins.plugins.dockerdelivery.bench.GraphMemory
  echo "== webhook decisions, one core (target: at least 20,000/s)"
  java -jar bench/target/benchmarks.jar WebhookBenchmark -wi 2 -i 3 -w 2 -r 2 2>&1 \
    | grep -E '^WebhookBenchmark\.(decisionsPerSecond|latency) |latency:p0\.(50|99|999) |^Benchmark'
  echo "== BuildKit builds through the session: engine vs DOCKER_BUILDKIT=1 docker build (Debian 20.10 CLI)"
  echo "   (targets: warm ratio <= 1.0 on every row, cold within the JVM's start-up, peak RSS < 256 MiB)"
  bench/buildkit-build.sh
  echo "== classic builder, 1 GiB context: engine vs DOCKER_BUILDKIT=0 docker build"
  bench/docker-build.sh
  if [[ -x bench/ssh-exec.sh ]]; then
    echo "== remote command over SSH: engine vs ssh"
    bench/ssh-exec.sh
  fi
} 2>&1 | tee "$out"
echo "bench: results in $out"
