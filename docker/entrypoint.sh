#!/bin/sh
# Runs `disinfo-monitor "$@"` on $DISINFO_MONITOR_CONFIG (/config/monitor.yaml) when that file
# exists; else the embedded demo, whose database is $DISINFO_MONITOR_DATA_DIR/demo.db: never a
# configured database.
set -eu
config="${DISINFO_MONITOR_CONFIG:-/config/monitor.yaml}"
if [ -f "$config" ]; then
    export DISINFO_MONITOR_CONFIG="$config"
else
    echo "disinfo-monitor: no config at $config: running the embedded demo" >&2
    unset DISINFO_MONITOR_CONFIG
fi
exec disinfo-monitor "$@"
