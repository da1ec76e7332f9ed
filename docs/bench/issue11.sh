#!/usr/bin/env bash
# Issue #11's whole target table in one alternating run: PHP (Workerman + the event extension) first, then the
# role-separated Java nodes started by the launcher (bin/gw, its default flags, --count 1; a "java2" column with
# --count 2, unless COUNT2=0). JSON per bench in $OUT; text in $OUT/*.out.
#
#   GW_HOME=dist/target/gw-<v> PHPGW_DIR=/tmp/phpgw EVENT_SO=/tmp/pecl-event-build/modules/event.so \
#     bash docs/bench/issue11.sh [OUT]
# PHP side: ../shared/php-peer/setup.sh and build-event-ext.sh (see docs/BENCHMARKS.md). ROUNDS (default 3),
# CLIENTS_BIG (default 10000). Needs ~3 GiB RAM and a few minutes; stops everything it started on exit.
set -euo pipefail
OUT=${1:-/tmp/gw-issue11}; mkdir -p "$OUT"
GW="${GW_HOME:?set GW_HOME to an unpacked distribution}/bin/gw"
PHPGW_DIR=${PHPGW_DIR:?set PHPGW_DIR (setup.sh)}; EVENT_SO=${EVENT_SO:?set EVENT_SO (build-event-ext.sh)}
ROUNDS=${ROUNDS:-3}; BIG=${CLIENTS_BIG:-10000}
export GW_LOG_LEVEL=WARN
pids=()
source "$(dirname "$0")/common.sh"
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  php_stop
}
trap cleanup EXIT

php_start 1
php_gw=$(pgrep -f 'b11Gateway' | head -1); php_wk=$(pgrep -f 'b11BusinessWorker' | head -1)

java_node() {  # NAME BASE COUNT
  local base=$2 count=$3 c=(--count "$3")  # explicit: gw gateway/worker default to one loop per core
  "$GW" register --listen "127.0.0.1:$((base + 36))" >"$OUT/$1-register.log" 2>&1 & pids+=($!)
  wait_port $((base + 36))
  "$GW" gateway --register "127.0.0.1:$((base + 36))" --listen "text://127.0.0.1:$((base + 82))" \
    --inner-port $((base + 90)) "${c[@]}" >"$OUT/$1-gateway.log" 2>&1 & pids+=($!); eval "$1_gw=$!"
  "$GW" worker --register "127.0.0.1:$((base + 36))" --app io.gwkit.bench.QuietDemoApp "${c[@]}" \
    >"$OUT/$1-worker.log" 2>&1 & pids+=($!); eval "$1_wk=$!"
  wait_port $((base + 82))
}
# Java bases below the kernel's ephemeral range (32768-60999): an outgoing connection may hold a port there
java_node java 26000 1
targets="php=text@127.0.0.1:31282;register@127.0.0.1:31236;pid@$php_gw+$php_wk"
targets="$targets,java=text@127.0.0.1:26082;register@127.0.0.1:26036;pid@$java_gw+$java_wk"
gw_conn="php=text@127.0.0.1:31282;pid@$php_gw+$php_wk,java=text@127.0.0.1:26082;pid@$java_gw+$java_wk"
if [ "${COUNT2:-1}" = 1 ]; then
  java_node java2 27000 2
  targets="$targets,java2=text@127.0.0.1:27082;register@127.0.0.1:27036;pid@$java2_gw+$java2_wk"
  gw_conn="$gw_conn,java2=text@127.0.0.1:27082;pid@$java2_gw+$java2_wk"
fi
sleep 5

bench() {  # NAME gw-bench-arguments...
  echo "== $1" | tee -a "$OUT/summary.txt"
  local n=$1; shift
  "$GW" bench "$@" --compare-rounds "$ROUNDS" --json "$OUT/$n.json" >"$OUT/$n.out" 2>&1
  sed -n '/^figure/,$p' "$OUT/$n.out" | tee -a "$OUT/summary.txt"
}
# warm-up of every target (not reported)
"$GW" bench echo --clients 100 --messages 2000 --compare "$targets" --compare-rounds 3 >/dev/null 2>&1
bench echo-100x1 echo --clients 100 --messages 3000 --pipeline 1 --compare "$targets"
bench echo-1000x8 echo --clients 1000 --messages 300 --pipeline 8 --compare "$targets"
bench broadcast-1k broadcast --clients 1000 --rounds 200 --compare "$targets"
bench broadcast-10k broadcast --clients "$BIG" --rounds 50 --compare "$targets"
# isOnline on one persistent inner connection, alternating: one call in flight (one blocking socket, write + read:
# "socket-floor", the kernel's round trip) and 64 in flight (the SDK pipelining on one pooled connection:
# "pooled-async"); server CPU per call from /proc of the gateway (--pid)
echo "== isOnline on one connection, 1 and 64 in flight (calls/s per round)" | tee -a "$OUT/summary.txt"
isonline_targets="php:31236:$php_gw java:26036:$java_gw"
[ "${COUNT2:-1}" = 1 ] && isonline_targets="$isonline_targets java2:27036:$java2_gw"
for r in $(seq 0 "$ROUNDS"); do  # round 0 warms up the SDK's paths in the bench JVM
  for t in $isonline_targets; do
    IFS=: read -r name port pid <<<"$t"
    "$GW" bench sdk -r "127.0.0.1:$port" --pid "$pid" --ops isOnline --modes socket-floor,pooled-async --threads 1 \
      --connections 1 --io-threads 1 --window 64 --rounds 1 --seconds 3 >"$OUT/isonline-$name-$r.out" 2>&1
    grep -E '^1 +(socket-floor|pooled-async)' "$OUT/isonline-$name-$r.out" | sed "s/^1 /$name round $r: /" \
      | tee -a "$OUT/summary.txt" || echo "$name round $r: failed (see $OUT/isonline-$name-$r.out)"
  done
done
# connect + welcome rate, server CPU per connection (gateway + worker) and idle RSS per connection (the gateway's);
# last: closing clients is costly
bench connections connections --clients "$BIG" --settle 5 --compare "$gw_conn"
