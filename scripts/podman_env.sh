# Sourced by scripts/ci_container.sh and scripts/compose_check.sh: makes this machine build and
# run containers with podman (docs/deploy.md, "Built and run on this project's machines"), and
# the local base image, since no container registry is reachable. The caller defines
# skip MESSAGE (print "SKIPPED: ..." and exit 0): a machine that cannot be prepared is the
# environment, not the product.
#   podman_prepare [COMMAND...]    also install these (Debian package = command name)
PODMAN_BASE_IMAGE=localhost/bookworm-python:base

podman_prepare() {
  local cmd missing=()
  for cmd in podman debootstrap runc curl "$@"; do command -v "$cmd" >/dev/null || missing+=("$cmd"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") \
      >/tmp/dm-podman-apt.log 2>&1 || skip "${missing[*]} could not be installed (see /tmp/dm-podman-apt.log)"
  fi
  local conf=/etc/containers/containers.conf
  if ! grep -q '^default_ulimits = \[\]' "$conf" 2>/dev/null; then
    mkdir -p /etc/containers
    printf '[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\n' > "$conf"
  fi
  if ! podman image exists "$PODMAN_BASE_IMAGE"; then
    local dir
    dir=$(mktemp -d)
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$dir" \
      >/tmp/dm-debootstrap.log 2>&1 || skip "debootstrap failed (see /tmp/dm-debootstrap.log)"
    cp /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/ca-certificates.crt"
    tar -C "$dir" -c . | podman import --change "ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt" - "$PODMAN_BASE_IMAGE" \
      >/dev/null || skip "podman import of the base image failed"
    rm -rf "$dir"
  fi
  podman run --rm "$PODMAN_BASE_IMAGE" true >/tmp/dm-podman-run.log 2>&1 \
    || skip "podman cannot run a container on this machine: $(tail -n 1 /tmp/dm-podman-run.log)"
}
