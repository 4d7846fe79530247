#!/bin/sh
# Records what real Maestro-NG 0.8.3 says about every file here: `maestro -f FILE deptree` loads the
# file as every command does (Jinja2, YAML, the Conductor and all its entities, the dependency order)
# without contacting a Docker Engine. One line per file: path, exit code, Maestro's last word (the
# exception line of its traceback, or its ERROR line). MaestroAgreementTest compares the validator
# with these verdicts, and with a live run where Maestro is available.
# Usage: MAESTRO=path/to/shared/tools/maestro-ng/maestro MAESTRO_NG_SRC=... ./record-verdicts.sh > verdicts.tsv
set -u
cd "$(dirname "$0")"
for f in */*.yaml; do
    dir=$(dirname "$f")
    name=$(basename "$f")
    err=$(cd "$dir" && IMAGE_TAG=1 COLUMNS=200 timeout 120 "$MAESTRO" -f "$name" deptree 2>&1 >/dev/null)
    rc=$?
    last=$(printf '%s\n' "$err" | grep -v '^[[:space:]]' | grep -v '^Traceback' | grep -v '^$' | tail -n 1 \
        | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-300)
    printf '%s\t%s\t%s\n' "$f" "$rc" "$last"
done
