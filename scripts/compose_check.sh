#!/usr/bin/env bash
# Runs docker-compose.yml the way its header tells a user to, with podman-compose, and checks what
# docs/deploy.md promises of it. What runs on a stand-in and what stays unchecked: docs/deploy.md,
# "Checked with podman-compose".
#   scripts/compose_check.sh
# Preparing the machine (podman, podman-compose, the debootstrap base image, the PostgreSQL
# stand-in image) is the environment: when that fails it prints "compose: SKIPPED: why" and exits 0.
# The rest is the product: a failed check prints FAIL and the containers' logs, and exits 1.
# Needs root (rootful podman), the host's 127.0.0.1:9464, python3 and openssl; one run at a time.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/scripts/compose_check
PROJECT=dm-compose-check                  # containers, volumes and network carry this name
PG_IMAGE=localhost/dm-postgres-standin:bookworm
T0=$SECONDS
skip() { echo "compose: SKIPPED: $*"; exit 0; }
ok() { printf 'ok (%3d s): %s\n' $((SECONDS - T0)) "$*"; }
has() { grep -q -- "$1" <<<"$2"; }

cd "$ROOT"
. scripts/podman_env.sh
podman_prepare podman-compose openssl
exec 9>/tmp/dm-compose-check.lock
flock -w 900 9 || skip "another compose check held /tmp/dm-compose-check.lock for 15 minutes"
if ! podman build -q --format docker --build-arg BASE_IMAGE="$PODMAN_BASE_IMAGE" -f "$HERE/postgres.Containerfile" \
        -t "$PG_IMAGE" "$HERE" >/tmp/dm-compose-standin.log 2>&1; then
    podman run --rm "$PODMAN_BASE_IMAGE" apt-get update -qq >/dev/null 2>&1 \
        || skip "no Debian mirror from a container: the PostgreSQL stand-in cannot be built"
    cat /tmp/dm-compose-standin.log >&2; echo "FAIL: the PostgreSQL stand-in image does not build" >&2; exit 1
fi
ok "PostgreSQL stand-in image $PG_IMAGE"

WORK=$(mktemp -d /tmp/dm-compose-check.XXXXXX)
SERVERS_PID=
cid() { podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1"; }
remove_project() {   # containers with their anonymous volumes, named volumes, the network
    local ids
    ids=$(podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT")
    [ -z "$ids" ] || podman rm -f -v $ids >/dev/null 2>&1
    ids=$(podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT")
    [ -z "$ids" ] || podman volume rm -f $ids >/dev/null 2>&1
    podman network rm -f "${PROJECT}_default" >/dev/null 2>&1
    true
}
cleanup() {
    [ -z "$SERVERS_PID" ] || kill "$SERVERS_PID" 2>/dev/null
    remove_project
    rm -rf "$WORK"
}
trap cleanup EXIT
summary() { python3 "$HERE/servers.py" summary "$WORK/requests.jsonl"; }
field() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$2" "$1"; }
fail() {
    echo "FAIL: $*" >&2
    podman ps -a --filter "label=io.podman.compose.project=$PROJECT" >&2
    for service in db monitor; do
        [ -z "$(cid "$service")" ] || { echo "--- $service log" >&2; podman logs "$(cid "$service")" 2>&1 | tail -n 25 >&2; }
    done
    echo "--- requests to the host: $(summary)" >&2
    echo "--- podman-compose: $(tail -n 5 "$WORK/compose.log" 2>/dev/null)" >&2
    exit 1
}
compose() {   # podman-compose with the check's override; its chatter goes to compose.log
    (cd "$WORK" && podman-compose -p "$PROJECT" -f docker-compose.yml -f "$HERE/compose.override.yml" "$@") \
        >>"$WORK/compose.log" 2>&1
}
# podman runs a container's healthcheck from a systemd timer; with no systemd here, run them the way
# the timer would, until both services are healthy (or the time is up)
wait_healthy() {
    local deadline=$((SECONDS + $1)) healthy
    while [ $SECONDS -lt $deadline ]; do
        healthy=0
        for service in db monitor; do podman healthcheck run "$(cid "$service")" >/dev/null 2>&1 && healthy=$((healthy + 1)); done
        [ $healthy = 2 ] && return 0
        sleep 2
    done
    return 1
}
wait_for() {   # wait_for SECONDS COMMAND...: until the command succeeds
    local deadline=$((SECONDS + $1)); shift
    until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 1; done
}

remove_project                            # what an interrupted run left
! (exec 3<>/dev/tcp/127.0.0.1/9464) 2>/dev/null || fail "127.0.0.1:9464 is in use on this host; the compose file publishes it"
tar -C "$ROOT" -c --exclude=__pycache__ --exclude='*.pyc' docker-compose.yml Dockerfile .dockerignore \
    requirements.lock pyproject.toml README.md monitor config docker | tar -C "$WORK" -x

# The header's commands, as a user runs them, up to "docker compose up" (done below with podman-compose).
grep -qx '#   docker compose up -d && docker compose ps' docker-compose.yml \
    || fail "the header of docker-compose.yml no longer ends with 'docker compose up -d && docker compose ps': update this check"
setup=$(sed -n 's/^#   //p' docker-compose.yml | grep -v '^docker compose ')
(cd "$WORK" && bash -euo pipefail -c "$setup") || fail "the header's commands: $setup"
[ -s "$WORK/secrets/postgres_password" ] && [ -s "$WORK/secrets/webhook_secret" ] && [ -s "$WORK/monitor.yaml" ] \
    || fail "the header's commands made no secrets or monitor.yaml"
ok "the header's commands: secrets/postgres_password, secrets/webhook_secret, monitor.yaml"

# The host's feed server and alert receiver, on the compose network's gateway address (made here,
# before podman-compose, which uses a network of that name that exists).
podman network create --label "io.podman.compose.project=$PROJECT" --label "com.docker.compose.project=$PROJECT" \
    "${PROJECT}_default" >/dev/null || fail "podman network create"
gateway=$(podman network inspect "${PROJECT}_default" --format '{{range .Subnets}}{{.Gateway}}{{end}}')
cp monitor/defaults/demo_feed.xml "$WORK/feed.xml"
python3 "$HERE/servers.py" serve --host "$gateway" --feed "$WORK/feed.xml" --secret-file "$WORK/secrets/webhook_secret" \
    --log "$WORK/requests.jsonl" --port-file "$WORK/port" 2>"$WORK/servers.log" &
SERVERS_PID=$!
wait_for 10 test -s "$WORK/port" || fail "the feed server did not start: $(cat "$WORK/servers.log")"
base_url="http://host.containers.internal:$(cat "$WORK/port")"
# "edit feeds, denials, notifiers": the placeholder feeds become the host's feed; the notifiers stay
# and read their URLs from the environment, as the compose file passes them on
python3 - "$WORK/monitor.yaml" "$base_url/feed.xml" <<'EOF' || fail "monitor.yaml has no feeds: ... denials: sections to edit"
import sys
from pathlib import Path
path, url = Path(sys.argv[1]), sys.argv[2]
text = path.read_text()
start, end = text.index("\nfeeds:\n") + 1, text.index("\ndenials:\n") + 1
path.write_text(text[:start] + f"feeds:\n  - name: check-wire\n    url: {url}\n\n" + text[end:])
EOF
export SLACK_WEBHOOK_URL="$base_url/slack" WEBHOOK_URL="$base_url/hook"
ok "feed server and alert receiver on $gateway (host.containers.internal in the containers)"

# podman-compose builds OCI images unless told otherwise, which drop the Dockerfile's HEALTHCHECK
BUILDAH_FORMAT=docker compose build --build-arg BASE_IMAGE="$PODMAN_BASE_IMAGE" || fail "podman-compose build"
podman image exists localhost/disinfo-monitor:compose-check || fail "podman-compose build made no image"
ok "podman-compose build"

compose up -d || fail "podman-compose up -d"
wait_healthy 180 || fail "the services did not both become healthy within 180 s"
ps_out=$(cd "$WORK" && podman-compose -p "$PROJECT" ps 2>/dev/null | grep "${PROJECT}_")
echo "$ps_out" | sed 's/^/    /'
[ "$(grep -c '(healthy)' <<<"$ps_out")" = 2 ] || fail "podman-compose ps does not show both services healthy"
ok "up -d: db and monitor healthy (the monitor restarted $(podman inspect "$(cid monitor)" --format '{{.RestartCount}}') times before that)"

[ "$(curl -s http://127.0.0.1:9464/healthz)" = ok ] || fail "/healthz on 127.0.0.1:9464"
readyz=$(curl -s -w ' %{http_code}' http://127.0.0.1:9464/readyz)
has '"ready": true' "$readyz" && has ' 200$' "$readyz" || fail "/readyz: $readyz"
ok "/healthz and /readyz answer on the host's 127.0.0.1:9464"

head_rev=$(podman exec "$(cid monitor)" python3 -c 'from monitor.store.db import HEAD_REVISION; print(HEAD_REVISION)')
db_rev=$(podman exec "$(cid db)" psql -U monitor -d monitor -tAc 'SELECT version_num FROM alembic_version')
[ -n "$head_rev" ] && [ "$db_rev" = "$head_rev" ] || fail "alembic_version in PostgreSQL is '$db_rev', the image's head '$head_rev'"
ok "the monitor migrated PostgreSQL to $db_rev"

delivered() {
    local s; s=$(summary)
    [ "$(field feed_gets "$s")" -ge 1 ] && [ "$(field slack_posts "$s")" -ge 1 ] \
        && has "sugovushan-meeting:contradict" "$(field hook_hits "$s")"
}
wait_for 90 delivered || fail "no feed poll, Slack message and signed webhook with the contradict hit within 90 s"
s=$(summary)
[ "$(field hooks_refused "$s")" = "[]" ] && [ "$(field hook_ids_repeated "$s")" = 0 ] || fail "webhook deliveries: $s"
ok "polled the host's feed; Slack message and signed webhook delivered to the host ($s)"
has '^disinfo_monitor_hits_total{denial="sugovushan-meeting",verdict="contradict"} 1.0' \
    "$(curl -s http://127.0.0.1:9464/metrics)" || fail "/metrics does not count the hit"
ok "/metrics counts the hit"

hits=$(podman exec "$(cid monitor)" disinfo-monitor hits --format jsonl) || fail "exec disinfo-monitor hits"
n_hits=$(grep -c . <<<"$hits")
[ "$n_hits" -ge 2 ] || fail "exec disinfo-monitor hits shows $n_hits hits, the daemon logged 2: $hits"
! has monitor.db "$(podman exec "$(cid monitor)" ls /data)" || fail "exec commands opened a SQLite /data/monitor.db"
ok "compose exec monitor disinfo-monitor hits: the daemon's $n_hits hits, from PostgreSQL"

anon=$(for service in db monitor; do
           podman inspect "$(cid "$service")" --format '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}'
       done | tr ' ' '\n' | grep -v "^${PROJECT}_" | grep . || true)
[ -z "$anon" ] || fail "anonymous volumes, which every down leaves behind: $anon"
grace=$(sed -n 's/^ *stop_grace_period: *\([0-9]*\)s.*/\1/p' docker-compose.yml)
[ -n "$grace" ] || fail "no stop_grace_period in docker-compose.yml"
# podman-compose 1.0.3 ignores stop_grace_period (its stop and down wait 10 s); docker compose
# waits the grace period, so the check gives it too
compose down -t "$grace" || fail "podman-compose down"
[ -z "$(podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT")" ] || fail "down left containers"
podman volume exists "${PROJECT}_pg-data" && podman volume exists "${PROJECT}_monitor-data" || fail "down removed a volume"
compose up -d || fail "podman-compose up -d (again)"
wait_healthy 180 || fail "after down and up, the services did not both become healthy within 180 s"
has "Skipping initialization" "$(podman logs "$(cid db)" 2>&1)" || fail "after down and up, PostgreSQL initialised a new database"
[ "$(podman exec "$(cid db)" psql -U monitor -d monitor -tAc 'SELECT count(*) FROM hits')" = "$n_hits" ] \
    || fail "after down and up, PostgreSQL does not hold the $n_hits hits"
curl -s http://127.0.0.1:9464/readyz | grep -q '"ready": true' || fail "/readyz after down and up"
before=$s; s=$(summary)
[ "$(field hook_ids_repeated "$s")" = 0 ] && [ "$(field hooks_verified "$s")" = "$(field hooks_verified "$before")" ] \
    && [ "$(field slack_posts "$s")" = "$(field slack_posts "$before")" ] || fail "after down and up, an alert was sent again: $s"
ok "down, up: the same database ($n_hits hits), healthy and ready, nothing sent twice"

start=$SECONDS
compose stop -t "$grace" || fail "podman-compose stop"
took=$((SECONDS - start))
monitor=$(cid monitor)
[ "$(podman inspect "$monitor" --format '{{.State.Status}} {{.State.ExitCode}}')" = "exited 0" ] \
    || fail "after stop the monitor is $(podman inspect "$monitor" --format '{{.State.Status}}, exit {{.State.ExitCode}}')"
has '"event": "stopped"' "$(podman logs "$monitor" 2>&1 | tail -n 1)" || fail "the monitor's last log line is not 'stopped'"
[ "$took" -lt "$grace" ] || fail "stop took $took s, the grace period is $grace s"
has "database system is shut down" "$(podman logs "$(cid db)" 2>&1 | tail -n 3)" || fail "PostgreSQL did not shut down cleanly"
ok "stop: the monitor exited 0 with its 'stopped' line and PostgreSQL shut down, in $took s (grace $grace s)"
echo "compose check passed in $((SECONDS - T0)) s"
