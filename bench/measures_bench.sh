#!/usr/bin/env bash
# The measures page under load: rolling up 24 months of a force of about 1,000,000
# obligations (timed), then wrk with 8 connections on /measures by unit (the largest table)
# beside the same server's /healthz in the same run. Target: p99 under 50 ms at 8 concurrent
# users.
# Usage: bench/measures_bench.sh STORE_DB   (a store built by store_bench, as of 2025-06-30)
# Needs wrk (bench/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/citizenfocus
db=$1
day=2025-06-30  # the store_bench force's day
connections=8
duration=${MEASURES_BENCH_SECONDS:-10}
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

obligations=$(sqlite3 "$db" "SELECT count(*) FROM obligations")
start=$(date +%s.%N)
$bin --db "$db" measures refresh --months 24 --to "${day:0:7}"
end=$(date +%s.%N)
echo "measures refresh, 24 months of $obligations obligations: $(echo "$end - $start" | bc) s"
rows=$(sqlite3 "$db" "SELECT count(*) FROM measure_rollups")

password="measures bench password"
user="bench.analyst"
if ! sqlite3 "$db" "SELECT 1 FROM users WHERE name = '$user'" 2>/dev/null | grep -q 1; then
  echo "$password" | $bin --db "$db" user add --name "$user" --role analyst --unit HQ >/dev/null
fi
port=$((30000 + RANDOM % 10000))
$bin --db "$db" serve --listen "127.0.0.1:$port" --today "$day" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
login=$(curl -s "http://127.0.0.1:$port/login")
csrf=$(echo "$login" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
session=$(curl -s -D - -o /dev/null -H "Cookie: cf_login_csrf=$csrf" --data-urlencode "csrf=$csrf" \
  --data-urlencode "name=$user" --data-urlencode "password=$password" "http://127.0.0.1:$port/login" |
  grep -i '^set-cookie: cf_session=' | sed 's/.*cf_session=//;s/;.*//')
[ -n "$session" ] || { echo "measures_bench: could not sign in" >&2; exit 1; }
page="/measures?measure=code_on_time&by=unit"
bytes=$(curl -s -H "Cookie: cf_session=$session" "http://127.0.0.1:$port$page" | wc -c)

source bench/wrk_run.sh
read -r hz_rps hz_p99 hz_err _ < <(run "http://127.0.0.1:$port/healthz")
read -r m_rps m_p99 m_err m_requests < <(run -H "Cookie: cf_session=$session" "http://127.0.0.1:$port$page")
echo "roll-up rows: $rows; page: $bytes bytes"
echo "/healthz (anchor):        $hz_rps req/s, p99 $hz_p99, non-2xx ${hz_err}"
echo "/measures by unit:        $m_rps req/s, p99 $m_p99 (target: under 50 ms at $connections users), non-2xx ${m_err}, $m_requests requests"
