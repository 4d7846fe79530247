#!/usr/bin/env bash
# Runs a command inside the real test environment: starts what is not running, runs the command,
# then stops the environment if this script brought it up, also when the command fails.
set -uo pipefail
cd "$(dirname "$0")/.."
props=${DD_TESTENV_DIR:-/tmp/docker-delivery-testenv}/testenv.properties
started=0
[[ -f $props ]] || started=1 # a developer's `make env-up` environment is left running
scripts/testenv.sh up || exit 1
cleanup() { ((started)) && scripts/testenv.sh down; }
trap cleanup EXIT
"$@"
