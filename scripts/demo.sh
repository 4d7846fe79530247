#!/usr/bin/env bash
# `make demo`: the main job of docker-delivery, with the CLI, on the example tree (examples/):
# bring the test environment up, build and push the base image and the three apps to the local
# registry with authentication: the base with build-push, then the apps with rebuild, in waves, each
# FROM the digest of its parents just pushed. The environment stays up for more experiments (`make env-down` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/testenv.sh up
props=${DD_TESTENV_DIR:-/tmp/docker-delivery-testenv}/testenv.properties
get() { sed -n "s/^$1=//p" "$props"; }
registry=$(get registry.auth.address)
export DOCKER_HOST=$(get docker.host)
export DOCKER_DELIVERY_REGISTRY_PASSWORD=$(get registry.auth.password) # read by the CLI, never an argument
user=$(get registry.auth.user)
[[ -f cli/target/docker-delivery.jar ]] || make build
dd=bin/docker-delivery

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "The dependency graph of examples/ (images in $registry)"
$dd graph scan examples --build-arg REGISTRY="$registry"

step "Build order when the base changes"
$dd graph plan --changed "$registry/team/nginx-php:8.3" --build-arg REGISTRY="$registry" examples

step "Build and push the base, team/nginx-php:8.3"
# build-push prints the pushed reference with its digest last: the rebuild pins the apps to it
base=$($dd build-push --context examples/base/nginx-php --tag "$registry/team/nginx-php:8.3" \
  --build-arg REGISTRY="$registry" --registry-user "$user" \
  --revision "$(git rev-parse HEAD 2>/dev/null || echo unknown)" | tee /dev/stderr | tail -n 1)

step "Rebuild every app built FROM it, in waves, each FROM the digest just pushed"
$dd rebuild examples --changed "$base" --build-arg REGISTRY="$registry" --registry-user "$user"

step "Validate the shop's maestro.yaml for the image just pushed"
$dd maestro validate examples/apps/shop/maestro.yaml --env REGISTRY="$registry" --env IMAGE_TAG=1 --image "$registry/team/shop"

step "The graph as Mermaid (GitLab and GitHub draw it in Markdown)"
$dd graph scan examples --build-arg REGISTRY="$registry" --format mermaid

printf '\nThe environment is still up: %s. Stop it with make env-down.\n' "$props"
