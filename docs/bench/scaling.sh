#!/usr/bin/env bash
# Issue #11's scaling curve, for a machine with cores to spare: for each N in COUNTS, PHP (Workerman + the event
# extension, COUNT=N gateway and N BusinessWorker processes) and the Java nodes (gw gateway --count N, gw worker
# --count N, the launcher's flags) with the servers pinned to cores 0..N-1 and the load generator to the cores
# left, one at a time, PHP first. Per N: echo 1000 x 8 and broadcast to CLIENTS_BIG clients, ROUNDS alternating
# rounds each, medians; server CPU from /proc of every gateway and worker process. Text per bench in $OUT,
# the curve in $OUT/curve.txt.
#
#   GW_HOME=dist/target/gw-<v> PHPGW_DIR=/tmp/phpgw EVENT_SO=/tmp/pecl-event-build/modules/event.so \
#     bash docs/bench/scaling.sh [OUT]
# COUNTS (default: 1 2 4 … while the generator keeps at least as many cores as the servers), ROUNDS (3),
# CLIENTS_BIG (10000). PHP side: ../shared/php-peer/setup.sh and build-event-ext.sh (docs/BENCHMARKS.md).
set -euo pipefail
OUT=${1:-/tmp/gw-scaling}; mkdir -p "$OUT"
GW="${GW_HOME:?set GW_HOME to an unpacked distribution}/bin/gw"
PHPGW_DIR=${PHPGW_DIR:?set PHPGW_DIR (setup.sh)}; EVENT_SO=${EVENT_SO:?set EVENT_SO (build-event-ext.sh)}
CORES=$(nproc)
if [ -z "${COUNTS:-}" ]; then
  COUNTS=""; n=1
  while [ $((2 * n)) -le "$CORES" ]; do COUNTS="$COUNTS $n"; n=$((2 * n)); done
fi
[ -n "$COUNTS" ] || { echo "needs at least 2 cores: one for the servers, one for the load generator" >&2; exit 1; }
ROUNDS=${ROUNDS:-3}; BIG=${CLIENTS_BIG:-10000}
export GW_LOG_LEVEL=WARN
pids=()
source "$(dirname "$0")/common.sh"
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
  pids=()
  php_stop
}
trap stop_all EXIT
joined() { pgrep -f "$1" | paste -sd+; }
row() {  # FILE FIGURE: "php java ratio" of one figure row of a gw bench --compare table
  awk -v f="$2" 'substr($0, 1, length(f)) == f { rest = substr($0, length(f) + 1)
    if (rest ~ /^ +[0-9.-]/) { split(rest, v, " "); print v[1], v[2], v[3] } }' "$1"
}

printf '%-3s %-32s %12s %12s %8s\n' N figure php java java/php >"$OUT/curve.txt"
for n in $COUNTS; do
  servers="0-$((n - 1))"; generator="$n-$((CORES - 1))"
  echo "== N=$n: servers on cores $servers, generator on $generator" | tee -a "$OUT/summary.txt"
  php_start "$n" taskset -c "$servers"
  taskset -c "$servers" "$GW" register --listen 127.0.0.1:26036 >"$OUT/java-register-$n.log" 2>&1 & pids+=($!)
  wait_port 26036
  taskset -c "$servers" "$GW" gateway --register 127.0.0.1:26036 --listen text://127.0.0.1:26082 \
    --inner-port 26100 --count "$n" >"$OUT/java-gateway-$n.log" 2>&1 & pids+=($!); java_gw=$!
  taskset -c "$servers" "$GW" worker --register 127.0.0.1:26036 --app io.gwkit.bench.QuietDemoApp --count "$n" \
    >"$OUT/java-worker-$n.log" 2>&1 & pids+=($!); java_wk=$!
  wait_port 26082
  sleep 5
  targets="php=text@127.0.0.1:31282;register@127.0.0.1:31236;pid@$(joined b11Gateway)+$(joined b11BusinessWorker)"
  targets="$targets,java=text@127.0.0.1:26082;register@127.0.0.1:26036;pid@$java_gw+$java_wk"
  bench() {  # NAME gw-bench-arguments...
    local name=$1; shift
    taskset -c "$generator" "$GW" bench "$@" --compare "$targets" --compare-rounds "$ROUNDS" \
      --json "$OUT/$name-$n.json" >"$OUT/$name-$n.out" 2>&1
    sed -n '/^figure/,$p' "$OUT/$name-$n.out" >>"$OUT/summary.txt"
  }
  taskset -c "$generator" "$GW" bench echo --clients 100 --messages 2000 --compare "$targets" --compare-rounds 3 \
    >"$OUT/warm-up-$n.out" 2>&1  # not reported
  bench echo-1000x8 echo --clients 1000 --pipeline 8 --messages 300
  bench broadcast broadcast --clients "$BIG" --rounds 50
  for f in "msg/s" "rtt p99 ms" "server cpu us/msg"; do
    printf '%-3s %-32s %12s %12s %8s\n' "$n" "echo 1000x8 $f" $(row "$OUT/echo-1000x8-$n.out" "$f") >>"$OUT/curve.txt"
  done
  for f in "round p50 ms" "server cpu us/line"; do
    printf '%-3s %-32s %12s %12s %8s\n' "$n" "broadcast $BIG $f" $(row "$OUT/broadcast-$n.out" "$f") \
      >>"$OUT/curve.txt"
  done
  stop_all
  sleep 2
done
cat "$OUT/curve.txt"
