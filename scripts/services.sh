#!/usr/bin/env bash
# Start the services the full test suite needs, from Debian's packages, on loopback only:
# a private PostgreSQL cluster and a Redis server. Prints the URLs to export.
# Usage: scripts/services.sh start|stop   (idempotent; state under ${VIGIE_SERVICES_DIR:-/tmp/vigie-services})
set -euo pipefail
dir=${VIGIE_SERVICES_DIR:-/tmp/vigie-services}
pg_port=${VIGIE_PG_PORT:-55432}
redis_port=${VIGIE_REDIS_PORT:-56379}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

install_missing() {
  local missing=()
  [ -n "$pg_bin" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
}

start() {
  install_missing
  mkdir -p "$dir"
  chown postgres "$dir" 2>/dev/null || true
  if [ ! -f "$dir/pg/PG_VERSION" ]; then
    runuser -u postgres -- "$pg_bin/initdb" -D "$dir/pg" -U vigie --auth=trust -E UTF8 >/dev/null
  fi
  if ! runuser -u postgres -- "$pg_bin/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w \
      -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  fi
  for db in vigie_test vigie_bench; do
    runuser -u postgres -- "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U vigie -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 ||
      runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U vigie "$db"
  done
  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save '' \
      --appendonly no --dir "$dir" --logfile "$dir/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "export VIGIE_TEST_POSTGRES_URL=postgresql+psycopg://vigie@127.0.0.1:$pg_port/vigie_test"
  echo "export VIGIE_TEST_REDIS_URL=redis://127.0.0.1:$redis_port/0"
}

stop() {
  [ -n "$pg_bin" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$dir/pg" stop -m fast >/dev/null 2>&1 || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
