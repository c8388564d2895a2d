#!/usr/bin/env bash
# CI: build the image with podman and run scripts/container_smoke.sh against it (docs/deploy.md,
# "Built and run on this project's machines"). Preparing the machine (podman, its config, a local
# base image made with debootstrap, since no container registry is reachable) is the environment:
# if that fails, say so and skip. Building the image and the smoke test are the product: if they
# fail, CI fails.
set -uo pipefail
cd "$(dirname "$0")/.."
skip() { echo "container: SKIPPED: $*"; exit 0; }

if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null \
    || ! command -v curl >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman debootstrap runc curl) \
    >/tmp/dm-podman-apt.log 2>&1 || skip "podman/debootstrap could not be installed (see /tmp/dm-podman-apt.log)"
fi
conf=/etc/containers/containers.conf
if ! grep -q '^default_ulimits = \[\]' "$conf" 2>/dev/null; then
  mkdir -p /etc/containers
  printf '[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\n' > "$conf"
fi
base=localhost/bookworm-python:base
if ! podman image exists "$base"; then
  dir=$(mktemp -d)
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$dir" \
    >/tmp/dm-debootstrap.log 2>&1 || skip "debootstrap failed (see /tmp/dm-debootstrap.log)"
  cp /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/ca-certificates.crt"
  tar -C "$dir" -c . | podman import --change "ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt" - "$base" \
    >/dev/null || skip "podman import of the base image failed"
  rm -rf "$dir"
fi
podman run --rm "$base" true >/tmp/dm-podman-run.log 2>&1 \
  || skip "podman cannot run a container on this machine: $(tail -n 1 /tmp/dm-podman-run.log)"

set -e
echo "== podman build"
podman build -q --format docker --build-arg BASE_IMAGE="$base" -t localhost/disinfo-monitor:ci .
echo "== container smoke test"
bash scripts/container_smoke.sh localhost/disinfo-monitor:ci podman
