#!/usr/bin/env bash
# `make demo`: the main job of docker-delivery, with the CLI, on the example tree (examples/):
# bring the test environment up, build and push the base image and the three apps to the local
# registry with authentication, in dependency order, then show the graph and the rebuild plan for a
# change of the base. The environment stays up for more experiments (`make env-down` stops it).
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

build() { # build DIR IMAGE
  step "Build and push $2"
  $dd build-push --context "$1" --tag "$registry/$2" --build-arg REGISTRY="$registry" \
    --registry-user "$user" --revision "$(git rev-parse HEAD 2>/dev/null || echo unknown)"
}
build examples/base/nginx-php team/nginx-php:8.3
build examples/apps/shop team/shop:1
build examples/apps/blog team/blog:1
build examples/apps/shop-plugins team/shop-plugins:1

step "Validate the shop's maestro.yaml for the image just pushed"
$dd maestro validate examples/apps/shop/maestro.yaml --env REGISTRY="$registry" --env IMAGE_TAG=1 --image "$registry/team/shop"

step "The graph as Mermaid (GitLab and GitHub draw it in Markdown)"
$dd graph scan examples --build-arg REGISTRY="$registry" --format mermaid

printf '\nThe environment is still up: %s. Stop it with make env-down.\n' "$props"
