# Sourced by issue11.sh and scaling.sh: the PHP peer's cluster (Workerman + the event extension, one master
# with a register, COUNT gateways and COUNT BusinessWorkers, processes named b11…) and waiting for ports.
# Needs PHPGW_DIR and EVENT_SO.

php_env() { env REG_PORT=31236 GW_PORT=31282 START_PORT=31900 NAME=b11 "$@"; }

wait_port() {
  for _ in $(seq 1 120); do ss -ltn | grep -q ":$1 " && return 0; sleep 1; done
  echo "port $1 not listening" >&2; exit 1
}

# php_start COUNT [PREFIX…]: starts the PHP cluster (PREFIX e.g. taskset -c 0-1), checks that it runs on the
# event extension's loop, waits for its text port.
php_start() {
  local count=$1; shift
  (cd "$PHPGW_DIR" && php_env COUNT="$count" "$@" php -d "extension=$EVENT_SO" start.php start -d >/dev/null 2>&1)
  (cd "$PHPGW_DIR" && php_env php -d "extension=$EVENT_SO" start.php status 2>/dev/null) | grep -q 'Events\\Event' \
    || { echo "PHP is not running on the event extension" >&2; exit 1; }
  wait_port 31282
}

php_stop() { (cd "$PHPGW_DIR" && php_env php -d "extension=$EVENT_SO" start.php stop >/dev/null 2>&1) || true; }
