# docker-delivery: the developer's entry points. `make test` is what CI runs.
SHELL := /bin/bash
MVN ?= mvn -B
TESTENV := scripts/testenv.sh
CLI_JAR := cli/target/docker-delivery.jar

.PHONY: help test unit env-up env-down env-status build run demo bench format check-plugin clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

test: ## start the real test environment, run every test (unit + integration), stop what was started
	@scripts/with-testenv.sh $(MVN) verify

unit: ## unit tests only, no environment
	$(MVN) test

env-up: ## start Docker Engine, registries, sshd and the base image, and keep them running
	$(TESTENV) up

env-down: ## stop what env-up started
	$(TESTENV) down

env-status: ## print the endpoints of the running environment
	$(TESTENV) status

build: ## build the CLI jar (cli/target/docker-delivery.jar)
	$(MVN) -q -DskipTests -Dspotless.check.skip=true install

run: ## run the CLI: make run ARGS="graph scan examples"
	@[ -f $(CLI_JAR) ] || $(MAKE) build
	@bin/docker-delivery $(ARGS)

demo: ## bring the environment up and run the main job on examples/ with the CLI
	@scripts/demo.sh

bench: ## benchmarks against their natural baselines (docker CLI, ssh); prints ratios
	@scripts/with-testenv.sh bench/run.sh

format: ## reformat the Java sources (Spotless, palantir-java-format)
	$(MVN) -q spotless:apply
	$(MVN) -q -N spotless:apply@plugin-sources

check-plugin: ## type-check plugin/ against upstream Jenkins sources (see DEVELOPERS.md)
	@scripts/check-plugin.sh

clean:
	$(MVN) -q clean
