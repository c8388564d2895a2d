#!/usr/bin/env bash
# CI: build the image with podman and run scripts/container_smoke.sh against it, then run
# docker-compose.yml with podman-compose (scripts/compose_check.sh) (docs/deploy.md, "Built and run
# on this project's machines"). Preparing the machine (podman, its config, a local base image made
# with debootstrap, since no container registry is reachable: scripts/podman_env.sh) is the
# environment: if that fails, say so and skip. Building the image, the smoke test and the compose
# check are the product: if they fail, CI fails.
set -uo pipefail
cd "$(dirname "$0")/.."
skip() { echo "container: SKIPPED: $*"; exit 0; }

. scripts/podman_env.sh
podman_prepare
base=$PODMAN_BASE_IMAGE

set -e
echo "== podman build"
podman build -q --format docker --build-arg BASE_IMAGE="$base" -t localhost/disinfo-monitor:ci .
echo "== container smoke test"
bash scripts/container_smoke.sh localhost/disinfo-monitor:ci podman
echo "== compose check"
bash scripts/compose_check.sh
