#!/usr/bin/env bash
# CI step: unpack the distribution archive and run it as a user would: bin/gw --help, a register with
# JSON logs and --metrics from a config file, bin/gw-health against it, then a clean stop on SIGTERM.
set -uo pipefail
cd "$(dirname "$0")"
archive=$(ls target/gw-*.tar.gz 2>/dev/null | head -1)
[ -n "$archive" ] || { echo "archive check: no dist/target/gw-*.tar.gz (run mvn package first)"; exit 1; }
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
tar xzf "$archive" -C "$work"
home=$(echo "$work"/gw-*)
"$home/bin/gw" --help >/dev/null || { echo "archive check: bin/gw --help failed"; exit 1; }
# free ports from the kernel: bind 0, read, close (the register binds them again at once)
read -r reg adm < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])' 2>/dev/null || echo "31736 31737")
printf 'register:\n  listen: 127.0.0.1:%s\n  metrics: 127.0.0.1:%s\n' "$reg" "$adm" > "$work/gw.yaml"
GW_CONFIG="$work/gw.yaml" GW_LOG_FORMAT=json "$home/bin/gw" register >"$work/out" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  GW_HEALTH_PORT=$adm "$home/bin/gw-health" && break
  sleep 1
done
GW_HEALTH_PORT=$adm "$home/bin/gw-health" || { echo "archive check: never healthy"; cat "$work/out"; exit 1; }
kill -TERM "$pid"; wait "$pid"; rc=$?
# 143 = stopped by SIGTERM after the clean stop (the JVM's exit status for a signal)
if [ "$rc" != 0 ] && [ "$rc" != 143 ]; then echo "archive check: exit $rc"; cat "$work/out"; exit 1; fi
echo "archive check: $(basename "$archive") unpacks, bin/gw runs a register from a config file, healthy, stops"
