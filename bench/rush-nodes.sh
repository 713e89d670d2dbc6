#!/usr/bin/env bash
# The midnight rush against one node and against two nodes behind the sticky front, in one session:
# starts PostgreSQL 15 and Redis on loopback as .ci/services.sh does (installed from Debian when missing), runs the
# rush for each line-up of the same build with the same settings, and stops the services again.
#   bench/rush-nodes.sh [rush options, e.g. --buyers 1000 --seconds 300 --at 23:30]
# Line-ups: one node on SQLite (the default install), one node on PostgreSQL + Redis, two nodes on PostgreSQL + Redis.
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/services.sh
trap services_stop EXIT
services_start || exit 1
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
for lineup in "--nodes 1" "--nodes 1 --postgres env --redis env" "--nodes 2"; do
  # shellcheck disable=SC2086
  dotnet run -c Release --project bench/CheapTokens.Bench -- rush $lineup "$@" || status=1
  echo "load after \"$lineup\": $(cut -d' ' -f1-3 /proc/loadavg)"
done
exit $status
