#!/usr/bin/env bash
# PostgreSQL 15 and Redis on loopback for the tests that need several nodes (and promtool, for the metrics test): installed from Debian when missing, each
# with its own data folder and a free port, started by `services_start` (which exports their connection strings) and
# stopped by `services_stop`. Source this file; .ci/run does, and so can a developer:
#   source .ci/services.sh && services_start && dotnet test ... ; services_stop

PG_BIN=/usr/lib/postgresql/15/bin

services_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

services_install() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15 postgresql-client-15)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus) # promtool checks the store's /metrics scrape
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >/tmp/ci-services-apt.log 2>&1 \
    || { tail -20 /tmp/ci-services-apt.log; return 1; }
}

services_start() {
  services_install || return 1
  SERVICES_DIR=$(mktemp -d /tmp/cheaptokens-services.XXXXXX)
  chmod 755 "$SERVICES_DIR"
  local pg_port redis_port as_pg=()
  pg_port=$(services_free_port)
  redis_port=$(services_free_port)
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$SERVICES_DIR/pg"
    chown postgres:postgres "$SERVICES_DIR/pg"
    as_pg=(runuser -u postgres --)
  else
    mkdir -p "$SERVICES_DIR/pg"
  fi
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$SERVICES_DIR/pg/data" -U postgres --auth=trust -E UTF8 >"$SERVICES_DIR/initdb.log" 2>&1 \
    || { cat "$SERVICES_DIR/initdb.log"; return 1; }
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg/data" -l "$SERVICES_DIR/pg/postgres.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $SERVICES_DIR/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    >/dev/null || { cat "$SERVICES_DIR/pg/postgres.log"; return 1; }
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
    --pidfile "$SERVICES_DIR/redis.pid" --dir "$SERVICES_DIR" --logfile "$SERVICES_DIR/redis.log" || return 1
  for _ in $(seq 1 50); do
    [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = "PONG" ] && break
    sleep 0.1
  done
  SERVICES_PG_PORT=$pg_port
  SERVICES_REDIS_PORT=$redis_port
  # The tests create one database per test (CREATE DATABASE through this server's postgres database).
  export CHEAPTOKENS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  export CHEAPTOKENS_TEST_REDIS="127.0.0.1:$redis_port"
  echo "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port (data in $SERVICES_DIR)"
}

services_stop() {
  [ -n "${SERVICES_DIR:-}" ] || return 0
  if [ -n "${SERVICES_REDIS_PORT:-}" ]; then redis-cli -p "$SERVICES_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
  if [ -d "$SERVICES_DIR/pg/data" ]; then
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    else "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  fi
  rm -rf "$SERVICES_DIR"
  unset SERVICES_DIR
}
