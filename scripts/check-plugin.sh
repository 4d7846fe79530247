#!/usr/bin/env bash
# Type-checks plugin/ against the sources of the Jenkins APIs it uses, for machines that cannot reach
# the Jenkins Maven repository. Needs the jenkins-api-check tool and bare git clones of the upstream
# repositories, named NAME.git or OWNER+NAME/repo, in the directories of UPSTREAM_SOURCES (':'-separated):
#   JENKINS_API_CHECK=/path/to/jenkins-api-check UPSTREAM_SOURCES=/path/to/clones scripts/check-plugin.sh [--tests]
# With --tests, the test sources are checked too; that also needs jenkins-test-harness,
# workflow-job-plugin, workflow-cps-plugin and a repository "test-libraries" holding the sources of
# JUnit Jupiter's API and AssertJ (from their -sources jars on Maven Central).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JENKINS_API_CHECK:?set JENKINS_API_CHECK to the jenkins-api-check tool}"
: "${UPSTREAM_SOURCES:?set UPSTREAM_SOURCES to the directory holding the upstream bare clones}"
repo() { # repo NAME [REF]
  local d dir
  local IFS=:
  for dir in $UPSTREAM_SOURCES; do
    for d in "$dir/$1.git" "$dir"/*+"$1"/repo; do
      [[ -d $d ]] && { echo "$d${2:+@$2}"; return; }
    done
  done
  echo "check-plugin: no clone of $1 in $UPSTREAM_SOURCES" >&2
  exit 2
}
# The core at the baseline's tag; the plugins and libraries at the clone's HEAD. The Servlet API and
# Spring Security are there for the types Jenkins' own API is made of (StaplerRequest2, Authentication);
# SpotBugs for the annotations core ships (NonNull, SuppressFBWarnings).
specs=("$(repo jenkins jenkins-2.541.3)")
for name in workflow-step-api-plugin stapler credentials-plugin ssh-credentials-plugin plain-credentials-plugin remoting structs-plugin lib-symbol-annotation spring-security spotbugs; do
  specs+=("$(repo "$name")")
done
specs+=("$(repo servlet 5.0.0-RELEASE)") # Jenkins 2.541 runs Jakarta Servlet 5.0
if [[ " $* " == *" --tests "* ]]; then
  for name in jenkins-test-harness workflow-job-plugin workflow-cps-plugin test-libraries; do
    specs+=("$(repo "$name")")
  done
fi
exec "$JENKINS_API_CHECK" "${specs[@]}" "$@"
