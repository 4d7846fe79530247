#!/usr/bin/env bash
# Type-checks plugin/ against the sources of the Jenkins APIs it uses, for machines that cannot reach
# the Jenkins Maven repository. Needs the jenkins-api-check tool and bare git clones of the upstream
# repositories in one directory, named NAME.git or jenkinsci+NAME/repo:
#   JENKINS_API_CHECK=/path/to/jenkins-api-check UPSTREAM_SOURCES=/path/to/clones scripts/check-plugin.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JENKINS_API_CHECK:?set JENKINS_API_CHECK to the jenkins-api-check tool}"
: "${UPSTREAM_SOURCES:?set UPSTREAM_SOURCES to the directory holding the upstream bare clones}"
repo() { # repo NAME [REF]
  local d
  for d in "$UPSTREAM_SOURCES/$1.git" "$UPSTREAM_SOURCES/jenkinsci+$1/repo"; do
    [[ -d $d ]] && { echo "$d${2:+@$2}"; return; }
  done
  echo "check-plugin: no clone of $1 in $UPSTREAM_SOURCES" >&2
  exit 2
}
# The core at the baseline's tag; the plugins at the clone's HEAD.
specs=("$(repo jenkins jenkins-2.541.3)")
for name in workflow-step-api-plugin stapler credentials-plugin ssh-credentials-plugin remoting structs-plugin; do
  specs+=("$(repo "$name")")
done
exec "$JENKINS_API_CHECK" "${specs[@]}" "$@"
