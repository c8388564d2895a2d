#!/usr/bin/env bash
# Runs the built image as the demo and as production and checks what docs/deploy.md promises.
#   scripts/container_smoke.sh [IMAGE] [ENGINE]     (defaults: disinfo-monitor, docker if present else podman)
# Needs: the image, curl, and a free 127.0.0.1:19464. Prints each check; exits 1 on the first failure.
set -euo pipefail
IMG="${1:-disinfo-monitor}"
ENGINE="${2:-$(command -v docker >/dev/null && echo docker || echo podman)}"
WORK="$(mktemp -d)"
# Clean up what this run made: its two containers with any anonymous volumes (-v), then its two named
# volumes. One container at a time, so a missing one (an early failure) does not keep the other.
cleanup() {
    for c in dm-smoke-demo dm-smoke-prod; do $ENGINE rm -f -v "$c" >/dev/null 2>&1 || true; done
    $ENGINE volume rm -f dm-smoke-demo dm-smoke-prod >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
# Output is captured before grep reads it: `cmd | grep -q` fails under pipefail when grep stops
# reading early and cmd dies of SIGPIPE (that made CI fail once on the metrics check).
has() { grep -q "$1" <<<"$2"; }
hasline() { grep -qx "$1" <<<"$2"; }
wait_healthy() {  # the daemon checks its health every 5 s
    for _ in $(seq 1 30); do $ENGINE exec "$1" disinfo-monitor healthcheck >/dev/null 2>&1 && return 0; sleep 1; done
    return 1
}

cp "$(dirname "$0")/../monitor/defaults/demo_feed.xml" "$WORK/feed.xml"
cat > "$WORK/monitor.yaml" <<'YAML'
database:
  url: "sqlite:////data/monitor.db"
feeds:
  - name: prod-wire
    url: "file:///config/feed.xml"
fetch:
  allow_file_urls: true
denials:
  - id: sugovushan-meeting
    title: "No meeting in Sugovushan"
    claim: Abazyan, Muradov and Naghiyev met in Sugovushan.
    entities:
      - {name: Armen Abazyan, aliases: [Abazyan]}
      - {name: Rustam Muradov, aliases: [Muradov]}
      - {name: Ali Naghiyev, aliases: [Naghiyev]}
    keywords:
      - {name: meeting, query: 'meet* OR met OR talks'}
    min_entities: 2
notifiers:
  - type: console
YAML
chmod -R a+rX "$WORK"

$ENGINE run -d --name dm-smoke-demo -v dm-smoke-demo:/data "$IMG" >/dev/null
wait_healthy dm-smoke-demo || fail "the demo container never became healthy"
ok "demo: healthcheck 0"
data=$($ENGINE exec dm-smoke-demo ls /data)
hasline demo.db "$data" || fail "the demo has no /data/demo.db"
! hasline monitor.db "$data" || fail "the demo wrote /data/monitor.db"
ok "demo: its database is /data/demo.db"
set +e; out=$($ENGINE exec dm-smoke-demo disinfo-monitor feeds list 2>&1); rc=$?; set -e
[ "$rc" = 2 ] && grep -q "/config/monitor.yaml: file not found" <<<"$out" || fail "exec in the demo: rc=$rc $out"
ok "demo: docker exec commands refuse to run without /config/monitor.yaml (rc 2)"
line=$(grep -m 1 '"event": "poll cycle"' <<<"$($ENGINE logs dm-smoke-demo 2>&1)" || true)
python3 -c 'import json,sys; json.loads(sys.argv[1])' "$line" 2>/dev/null || fail "no JSON poll cycle line"
ok "demo: JSON log lines"

$ENGINE run -d --name dm-smoke-prod -p 127.0.0.1:19464:9464 -v "$WORK:/config:ro" -v dm-smoke-prod:/data "$IMG" >/dev/null
wait_healthy dm-smoke-prod || fail "the production container never became healthy"
ok "prod: healthcheck 0"
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:19464/healthz)" = 200 ] || fail "/healthz"
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:19464/readyz)" = 200 ] || fail "/readyz"
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:19464/nothing)" = 404 ] || fail "404"
hit_counted() {
    has '^disinfo_monitor_hits_total{denial="sugovushan-meeting",verdict="contradict"} 1.0' \
        "$(curl -s http://127.0.0.1:19464/metrics)"
}
for _ in $(seq 1 60); do hit_counted && break; sleep 0.5; done
if ! hit_counted; then
    curl -s http://127.0.0.1:19464/metrics | grep -E '^disinfo_monitor_(hits|items|polls)' >&2 || true
    $ENGINE logs dm-smoke-prod 2>&1 | tail -n 20 >&2
    fail "hits metric"
fi
ok "prod: /healthz 200, /readyz 200, /nothing 404, /metrics counts the hit"
has prod-wire "$($ENGINE exec dm-smoke-prod disinfo-monitor feeds list)" || fail "exec feeds list"
data=$($ENGINE exec dm-smoke-prod ls /data)
hasline monitor.db "$data" || fail "no /data/monitor.db"
! hasline demo.db "$data" || fail "production has a demo.db"
ok "prod: docker exec commands use /config/monitor.yaml; no demo data"
$ENGINE kill -s HUP dm-smoke-prod >/dev/null; sleep 3
has '"event": "config reloaded"' "$($ENGINE logs dm-smoke-prod 2>&1)" || fail "SIGHUP"
ok "prod: SIGHUP reloads"
$ENGINE stop -t 70 dm-smoke-prod >/dev/null
[ "$($ENGINE inspect dm-smoke-prod --format '{{.State.ExitCode}}')" = 0 ] || fail "exit code"
has '"event": "stopped"' "$($ENGINE logs dm-smoke-prod 2>&1 | tail -n 1)" || fail "no clean stop"
ok "prod: SIGTERM stops it cleanly (exit 0)"
echo "container smoke test passed"
