#!/usr/bin/env bash
# PostgreSQL beside SQLite in the same run (issue 18), on one seeded synthetic force:
# - import: events per second into an empty store, each backend;
# - `due`: wall time of the command for a unit (process start included, as a user runs it),
#   p50 and p99 of 60 runs, each backend;
# - the officer queue page under wrk, one server (2 threads) on each backend;
# - the same page on PostgreSQL with two server processes behind nginx (round robin) beside
#   one server process behind the same nginx: the scaling. On this machine wrk, nginx, the
#   servers and PostgreSQL share its cores, so the figure says what one more process gives
#   here, not on a server of a force's own.
# A throwaway PostgreSQL cluster (scripts/pg-cluster) is started on loopback and removed.
# Usage: bench/postgresql_bench.sh [CRIMES=20000]   Needs wrk and nginx (bench/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/citizenfocus
crimes=${1:-20000}
connections=32
duration=${PG_BENCH_SECONDS:-10}
tmp=$(mktemp -d)
chmod 755 "$tmp"  # the cluster runs as postgres, and nginx's workers as www-data
pids=()
pg_port=$((40000 + RANDOM % 10000))
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  scripts/pg-cluster stop "$tmp/pg" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
# shellcheck source=bench/wrk_run.sh
. bench/wrk_run.sh

pg=$(scripts/pg-cluster start "$tmp/pg" "$pg_port")
lite="$tmp/store.db"
day=2025-06-30
$bin generate --seed 18 --crimes "$crimes" --from 2025-01-01 --to "$day" -o "$tmp/events.jsonl"
events=$(wc -l <"$tmp/events.jsonl")
echo "force: $crimes crimes, $events events (seed 18, to $day)"

import_rate() {  # import_rate DB: events per second
  local start end
  start=$(date +%s.%N)
  $bin --db "$1" import "$tmp/events.jsonl" >/dev/null
  end=$(date +%s.%N)
  echo "$events / ($end - $start)" | bc
}
echo "import (events/s): sqlite $(import_rate "$lite")   postgresql $(import_rate "$pg")"

unit=$(sqlite3 "$lite" "SELECT unit FROM cases GROUP BY unit ORDER BY count(*) DESC LIMIT 1")
due_times() {  # due_times DB: "p50 p99" in ms of 60 runs of due for the busiest unit
  local i s e
  for i in $(seq 60); do
    s=$(date +%s%N)
    $bin --db "$1" due --unit "$unit" --as-of "$day" --format csv >/dev/null
    e=$(date +%s%N)
    echo $(((e - s) / 1000000))
  done | sort -n | awk '{ t[NR] = $1 } END { printf "p50 %d ms, p99 %d ms", t[int(NR * 0.5)], t[int(NR * 0.99)] }'
}
echo "due --unit $unit: sqlite $(due_times "$lite")   postgresql $(due_times "$pg")"

# An officer of that unit with the median open workload, with an account on both stores.
officer=$(sqlite3 "$lite" "SELECT officer FROM obligations WHERE settled = 0 AND unit = '$unit' GROUP BY officer ORDER BY count(*) LIMIT 1 OFFSET (SELECT count(DISTINCT officer) / 2 FROM obligations WHERE settled = 0 AND unit = '$unit')")
user="bench.$(echo "$officer" | tr 'A-Z' 'a-z')"
password="postgresql bench password"
for db in "$lite" "$pg"; do
  echo "$password" | $bin --db "$db" user add --name "$user" --role officer --unit "$unit" --officer "$officer" >/dev/null
done

serve() {  # serve DB PORT: a server in the background, ready
  $bin --db "$1" serve --listen "127.0.0.1:$2" --today "$day" --threads 2 >"$tmp/server-$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do curl -fs "http://127.0.0.1:$2/healthz" >/dev/null && return; sleep 0.05; done
  echo "postgresql_bench: the server on $2 did not start" >&2
  exit 1
}
session_on() {  # session_on PORT: a signed-in session cookie (sessions live in the database)
  local csrf
  csrf=$(curl -s "http://127.0.0.1:$1/login" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  curl -s -D - -o /dev/null -H "Cookie: cf_login_csrf=$csrf" --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=$user" --data-urlencode "password=$password" "http://127.0.0.1:$1/login" |
    grep -i '^set-cookie: cf_session=' | sed 's/.*cf_session=//;s/;.*//'
}
queue_under_load() {  # queue_under_load PORT URL_PORT: "requests/s p99 non-2xx requests"
  local session
  session=$(session_on "$1")
  [ -n "$session" ] || { echo "postgresql_bench: could not sign in on $1" >&2; exit 1; }
  run -H "Cookie: cf_session=$session" "http://127.0.0.1:$2/"
}

p1=$((pg_port + 1)); p2=$((pg_port + 2)); p3=$((pg_port + 3)); lb=$((pg_port + 4))
serve "$lite" "$p1"
echo "queue page, one server (wrk -c$connections ${duration}s: req/s p99 non-2xx requests):"
echo "  sqlite:     $(queue_under_load "$p1" "$p1")"
kill "${pids[-1]}"
serve "$pg" "$p2"
echo "  postgresql: $(queue_under_load "$p2" "$p2")"

# nginx in front: first one PostgreSQL server behind it, then two.
mkdir -p "$tmp/logs"
nginx_with() {  # nginx_with PORT...: nginx on $lb balancing over the ports given
  [ -f "$tmp/nginx.pid" ] && { kill "$(cat "$tmp/nginx.pid")"; sleep 0.5; }
  {
    echo "worker_processes 1; pid $tmp/nginx.pid; error_log $tmp/logs/error.log;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off; upstream cf {"
    for p in "$@"; do echo "  server 127.0.0.1:$p;"; done
    echo "  keepalive 32; }"
    echo "  server { listen 127.0.0.1:$lb; location / { proxy_pass http://cf; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header Host \$host; } } }"
  } >"$tmp/nginx.conf"
  nginx -c "$tmp/nginx.conf" -p "$tmp"
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$lb/healthz" >/dev/null && return; sleep 0.05; done
}
nginx_with "$p2"
one=$(queue_under_load "$p2" "$lb")
serve "$pg" "$p3"
nginx_with "$p2" "$p3"
two=$(queue_under_load "$p2" "$lb")
echo "queue page on postgresql behind nginx:"
echo "  one server process:  $one"
echo "  two server processes: $two"
echo "  scaling (two / one, req/s): $(echo "scale=2; $(echo "$two" | cut -d' ' -f1) / $(echo "$one" | cut -d' ' -f1)" | bc)"
