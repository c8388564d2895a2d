#!/bin/sh
# Runs `disinfo-monitor "$@"` on $DISINFO_MONITOR_CONFIG (/config/monitor.yaml) when that file
# exists; else the embedded demo, whose database is $DISINFO_MONITOR_DATA_DIR/demo.db: never a
# configured database.
set -eu
config="${DISINFO_MONITOR_CONFIG:-/config/monitor.yaml}"
if [ -f "$config" ]; then
    export DISINFO_MONITOR_CONFIG="$config"
else
    note="no config at $config: running the embedded demo"
    case "${LOG_FORMAT:-}" in   # under LOG_FORMAT=json every line is JSON, this one too
        [Jj][Ss][Oo][Nn])
            note=$(printf '%s' "$note" | tr -d '\000-\037' | sed 's/\\/\\\\/g; s/"/\\"/g')
            printf '{"event": "%s", "level": "warning", "logger": "entrypoint", "timestamp": "%s"}\n' \
                "$note" "$(date -u +%Y-%m-%dT%H:%M:%S+00:00)" >&2 ;;
        *) echo "disinfo-monitor: $note" >&2 ;;
    esac
    unset DISINFO_MONITOR_CONFIG
fi
exec disinfo-monitor "$@"
