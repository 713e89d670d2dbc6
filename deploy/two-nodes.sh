#!/usr/bin/env bash
# Two store nodes and a health-checking front on one Debian machine.
#
#   deploy/two-nodes.sh up     [options]   install what is missing, start PostgreSQL, Redis, two nodes and HAProxy
#   deploy/two-nodes.sh down   [options]   stop the nodes and the front, and the services this script started
#   deploy/two-nodes.sh status [options]   what runs, and whether each node is ready
#
# Options (each also read from the environment variable in brackets):
#   --state DIR          where the env file, logs, pids and the nodes' data folders go [CT_STATE] (/var/lib/cheaptokens)
#   --app DIR            a published store (CheapTokens.Blazor.dll inside) [CT_APP]; default: publish this checkout
#                        into DIR/app
#   --front-port N       the front's public port [CT_FRONT_PORT] (8080)
#   --node-ports A,B     the two nodes' loopback ports [CT_NODE_PORTS] (5131,5132)
#   --public-url URL     the store's address as buyers see it, for receipts and links [CT_PUBLIC_URL]
#                        (http://127.0.0.1:<front port>)
#   --database NAME      the PostgreSQL database and role's database [CT_DATABASE] (cheaptokens)
#   --env-file FILE      more settings for both nodes, Section__Key=value lines [CT_EXTRA_ENV] (live Venice and Stripe
#                        keys, a key-ring certificate); kept out of this script and out of the generated env file
#
# Runs as root without sudo and asks nothing. Secrets it makes (the database password, the simulated Venice's admin
# key) go to DIR/cheaptokens.env, mode 0600, and are reused on the next `up`. Services are started whether or not an
# init system runs here: a container's apt starts nothing. See README, "Running on several nodes".
set -euo pipefail

command=${1:-}
[ $# -gt 0 ] && shift
STATE=${CT_STATE:-/var/lib/cheaptokens}
APP=${CT_APP:-}
FRONT_PORT=${CT_FRONT_PORT:-8080}
NODE_PORTS=${CT_NODE_PORTS:-5131,5132}
PUBLIC_URL=${CT_PUBLIC_URL:-}
EXTRA_ENV=${CT_EXTRA_ENV:-}
DATABASE=${CT_DATABASE:-cheaptokens}
while [ $# -gt 0 ]; do
  case "$1" in
    --state) STATE=$2; shift 2 ;;
    --app) APP=$2; shift 2 ;;
    --front-port) FRONT_PORT=$2; shift 2 ;;
    --node-ports) NODE_PORTS=$2; shift 2 ;;
    --public-url) PUBLIC_URL=$2; shift 2 ;;
    --env-file) EXTRA_ENV=$2; shift 2 ;;
    --database) DATABASE=$2; shift 2 ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done
IFS=, read -r PORT_A PORT_B <<<"$NODE_PORTS"
PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:$FRONT_PORT}
REPO=$(cd "$(dirname "$0")/.." && pwd)
PG_VERSION=15
PG_PORT=${CT_POSTGRES_PORT:-5432}
REDIS_PORT=${CT_REDIS_PORT:-6379}
ENV_FILE=$STATE/cheaptokens.env

say() { printf '%s\n' "$*"; }
fail() { printf 'two-nodes: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@" || fail "needs root for: $* (run as root, or allow sudo without a password)"
  else fail "needs root for: $*"
  fi
}

as_postgres() { as_root runuser -u postgres -- "$@"; }

install_missing() {
  local missing=()
  [ -x /usr/lib/postgresql/$PG_VERSION/bin/postgres ] || missing+=(postgresql-$PG_VERSION postgresql-client-$PG_VERSION)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_postgres() {
  # Debian's package makes the cluster "15 main"; in a container nothing starts it.
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$PG_VERSION main"; then
    as_root pg_createcluster "$PG_VERSION" main -p "$PG_PORT" >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
    as_root pg_ctlcluster "$PG_VERSION" main start
    touch "$STATE/started-postgres"
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $3}')
  [ "$port" = "$PG_PORT" ] || fail "PostgreSQL $PG_VERSION main listens on $port, not $PG_PORT (set CT_POSTGRES_PORT=$port)"
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && return 0; sleep 0.2; done
  fail "PostgreSQL did not answer on 127.0.0.1:$PG_PORT"
}

start_redis() {
  if [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" != PONG ]; then
    # The packaged config daemonizes and writes its pid under /run/redis, which a container may lack.
    as_root install -d -o redis -g redis /run/redis
    as_root redis-server /etc/redis/redis.conf --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes
    touch "$STATE/started-redis"
    for _ in $(seq 1 50); do [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && return 0; sleep 0.1; done
    fail "Redis did not answer on 127.0.0.1:$REDIS_PORT"
  fi
}

secret() { openssl rand -hex 24; }

write_env_file() {
  # Secrets made once and reused, so a second `up` keeps the database password and every node the same admin key.
  if [ ! -f "$ENV_FILE" ]; then
    (umask 077; {
      echo "CT_DB_PASSWORD=$(secret)"
      echo "Venice__AdminKey=$(secret)"
      # The Stripe stand-in's keys, the same on both nodes (a live install overrides them with --env-file).
      echo "Payments__Stripe__SecretKey=sk_test_$(secret)"
      echo "Payments__Stripe__PublishableKey=pk_test_$(secret)"
      echo "Payments__Stripe__WebhookSecret=whsec_$(secret)"
    } >"$ENV_FILE")
  fi
  chmod 600 "$ENV_FILE"
}

env_value() { sed -n "s/^$1=//p" "$ENV_FILE" | head -1; }

create_database() {
  local password
  password=$(env_value CT_DB_PASSWORD)
  # The password goes over psql's standard input, never on a command line.
  if [ "$(as_postgres psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'cheaptokens'")" != 1 ]; then
    printf "CREATE ROLE cheaptokens LOGIN PASSWORD '%s';\n" "$password" | as_postgres psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 >/dev/null
  else
    printf "ALTER ROLE cheaptokens PASSWORD '%s';\n" "$password" | as_postgres psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 >/dev/null
  fi
  if [ "$(as_postgres psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
    as_postgres createdb -p "$PG_PORT" -O cheaptokens "$DATABASE"
  fi
}

publish_app() {
  if [ -n "$APP" ]; then
    [ -f "$APP/CheapTokens.Blazor.dll" ] || fail "no CheapTokens.Blazor.dll in $APP"
    return 0
  fi
  APP=$STATE/app
  say "publishing the store into $APP"
  dotnet publish "$REPO/CheapTokens.Blazor" -c Release -o "$APP" -nologo -v q >"$STATE/publish.log" 2>&1 \
    || { tail -20 "$STATE/publish.log"; fail "dotnet publish failed"; }
}

start_node() {
  local name=$1 port=$2 pidfile=$STATE/node-$1.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then say "node $name already runs"; return 0; fi
  mkdir -p "$STATE/node-$name"
  # One environment for both nodes: the generated secrets, the operator's own file, then what differs per node.
  (
    set -a
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    # shellcheck disable=SC1090
    [ -n "$EXTRA_ENV" ] && . "$EXTRA_ENV"
    set +a
    export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
    export ASPNETCORE_URLS=http://127.0.0.1:$port
    export Storage__DataDirectory=$STATE/node-$name
    export Database__Provider=Postgres
    export Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Database=$DATABASE;Username=cheaptokens;Password=$CT_DB_PASSWORD"
    export Redis__Configuration=127.0.0.1:$REDIS_PORT
    export Redis__ChannelPrefix=$DATABASE
    export RateLimits__TrustedProxies__0=127.0.0.1
    export Receipts__StoreBaseUrl=$PUBLIC_URL
    export Scaling__NodeName=$name
    # JSON log lines with trace ids; /metrics for Prometheus on this machine (deploy/prometheus.yml, docs/observability.md).
    export Logging__Console__FormatterName=${Logging__Console__FormatterName:-json} Telemetry__Prometheus__Enabled=${Telemetry__Prometheus__Enabled:-true}
    unset CT_DB_PASSWORD
    cd "$APP"
    exec setsid dotnet "$APP/CheapTokens.Blazor.dll" >>"$STATE/node-$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$pidfile"
}

wait_ready() {
  local url=$1 what=$2
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready" 2>/dev/null)" = 200 ] && return 0
    sleep 0.5
  done
  fail "$what was not ready after 120 s (see $STATE/*.log)"
}

write_front_config() {
  sed -e "s/@FRONT_PORT@/$FRONT_PORT/g" -e "s/@PORT_A@/$PORT_A/g" -e "s/@PORT_B@/$PORT_B/g" \
    "$REPO/deploy/haproxy-two-nodes.cfg" >"$STATE/haproxy.cfg"
  haproxy -c -q -f "$STATE/haproxy.cfg" || fail "the front's configuration does not check (haproxy -c -f $STATE/haproxy.cfg)"
}

start_front() {
  local pidfile=$STATE/front.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill -USR2 "$(cat "$pidfile")" # the master process reloads its configuration
    return 0
  fi
  # Foreground master-worker, detached here: its access log goes to stdout, so to front.log.
  setsid haproxy -W -db -f "$STATE/haproxy.cfg" >>"$STATE/front.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

stop_pid() {
  local pidfile=$1
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid did not stop in 15 s; killing it"
      kill -9 "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  rm -f "$pidfile"
}

node_ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health/ready" 2>/dev/null)" = 200 ]; }

case "$command" in
  up)
    mkdir -p "$STATE"
    chmod 700 "$STATE"
    install_missing
    write_env_file
    start_postgres
    start_redis
    create_database
    publish_app
    # One node first: it creates the tables; the second then starts on a migrated database.
    start_node a "$PORT_A"
    wait_ready "http://127.0.0.1:$PORT_A" "node a"
    start_node b "$PORT_B"
    wait_ready "http://127.0.0.1:$PORT_B" "node b"
    write_front_config
    start_front
    wait_ready "http://127.0.0.1:$FRONT_PORT" "the front"
    say "the store is at $PUBLIC_URL (front on port $FRONT_PORT; nodes on 127.0.0.1:$PORT_A and :$PORT_B)"
    say "settings and secrets: $ENV_FILE; logs: $STATE/node-a.log, node-b.log, front.log"
    ;;
  down)
    stop_pid "$STATE/front.pid"
    stop_pid "$STATE/node-a.pid"
    stop_pid "$STATE/node-b.pid"
    if [ -f "$STATE/started-redis" ]; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; rm -f "$STATE/started-redis"; fi
    if [ -f "$STATE/started-postgres" ]; then as_root pg_ctlcluster "$PG_VERSION" main stop -m fast || true; rm -f "$STATE/started-postgres"; fi
    say "stopped"
    ;;
  status)
    for node in a:$PORT_A b:$PORT_B; do
      name=${node%%:*} port=${node##*:}
      if node_ready "$port"; then say "node $name (127.0.0.1:$port): ready"; else say "node $name (127.0.0.1:$port): not ready"; fi
    done
    if [ -f "$STATE/front.pid" ] && kill -0 "$(cat "$STATE/front.pid")" 2>/dev/null; then say "front: running on port $FRONT_PORT"; else say "front: stopped"; fi
    ;;
  *)
    sed -n '2,20p' "$0"
    exit 2
    ;;
esac
