#!/usr/bin/env bash
# The staff web app under load: wrk on the officer queue page (its first 50), the queue API and
# a case page with about 1,000,000 open obligations stored, each beside the same server's
# /healthz in the same run (target: at least 0.1 of its throughput, p99 under 20 ms), and
# nginx serving a static file of the page's size for context, on this machine (wrk, the
# server and nginx share its cores). Every page and API view is audited before it is
# answered: the audit records written are counted against the requests made.
# Usage: bench/web_bench.sh STORE_DB   (a store built by store_bench, as of 2025-06-30)
# Needs wrk and nginx (bench/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/citizenfocus
db=$1
day=2025-06-30       # the store_bench force's day: the queue needs no roll-forward
connections=64
duration=${WEB_BENCH_SECONDS:-10}
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# A typical officer: the median open workload.
threads=${WEB_BENCH_THREADS:-$(nproc)}
officer=$(sqlite3 "$db" "SELECT officer FROM (SELECT officer, count(*) AS n FROM obligations WHERE settled = 0
  GROUP BY officer ORDER BY n) LIMIT 1 OFFSET (SELECT count(DISTINCT officer) / 2 FROM obligations WHERE settled = 0)")
open=$(sqlite3 "$db" "SELECT count(*) FROM obligations WHERE settled = 0 AND officer = '$officer'")
unit=$(sqlite3 "$db" "SELECT unit FROM cases WHERE officer = '$officer' LIMIT 1")
password="web bench password"
user="bench.$(echo "$officer" | tr 'A-Z' 'a-z')"
if ! sqlite3 "$db" "SELECT 1 FROM users WHERE name = '$user'" 2>/dev/null | grep -q 1; then
  echo "$password" | $bin --db "$db" user add --name "$user" --role officer --unit "$unit" --officer "$officer" >/dev/null
fi
token=$($bin --db "$db" token create --user "$user" | tail -1)

port=$((30000 + RANDOM % 10000))
$bin --db "$db" serve --listen "127.0.0.1:$port" --today "$day" --threads "$threads" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
# Sign in as a browser would: the form's CSRF token and cookie, then the session cookie.
login=$(curl -s -D "$tmp/login.h" "http://127.0.0.1:$port/login")
csrf=$(echo "$login" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
session=$(curl -s -D - -o /dev/null -H "Cookie: cf_login_csrf=$csrf" --data-urlencode "csrf=$csrf" \
  --data-urlencode "name=$user" --data-urlencode "password=$password" "http://127.0.0.1:$port/login" |
  grep -i '^set-cookie: cf_session=' | sed 's/.*cf_session=//;s/;.*//')
[ -n "$session" ] || { echo "web_bench: could not sign in" >&2; exit 1; }
page_bytes=$(curl -s -H "Cookie: cf_session=$session" "http://127.0.0.1:$port/" | wc -c)
# One of the officer's cases, its reference percent-encoded for the path.
crime=$(sqlite3 "$db" "SELECT k.ref FROM cases c JOIN crimes k ON k.id = c.id WHERE c.officer = '$officer' ORDER BY k.ref LIMIT 1")
case_path="/cases/$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$crime")"
case_bytes=$(curl -s -H "Cookie: cf_session=$session" "http://127.0.0.1:$port$case_path" | wc -c)
api_bytes=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/queue" | wc -c)

# nginx with a static file of the page's size, on another loopback port.
mkdir -p "$tmp/www" "$tmp/logs"
chmod 755 "$tmp" "$tmp/www"  # nginx workers run as www-data
head -c "$page_bytes" /dev/urandom | base64 -w 0 | head -c "$page_bytes" >"$tmp/www/queue.html"
chmod 644 "$tmp/www/queue.html"
nport=$((port + 1))
cat >"$tmp/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  server { listen 127.0.0.1:$nport; root $tmp/www; }
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp"
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nport/queue.html" >/dev/null && break; sleep 0.1; done

# "Requests/sec", the 99th percentile latency, the non-2xx answers and the requests made, from
# wrk's report.
source bench/wrk_run.sh
audited() { sqlite3 "$db" "SELECT count(*) FROM audit_log"; }
before=$(audited)
read -r health_rps health_p99 health_err _ < <(run "http://127.0.0.1:$port/healthz")
read -r page_rps page_p99 page_err page_n < <(run -H "Cookie: cf_session=$session" "http://127.0.0.1:$port/")
read -r api_rps api_p99 api_err api_n < <(run -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/queue")
read -r case_rps case_p99 case_err case_n < <(run -H "Cookie: cf_session=$session" "http://127.0.0.1:$port$case_path")
read -r nginx_rps nginx_p99 nginx_err _ < <(run "http://127.0.0.1:$nport/queue.html")
after=$(audited)
echo "officer $officer: $open open obligations; $(sqlite3 "$db" "SELECT count(*) FROM obligations WHERE settled = 0") in the store; $threads serving thread(s)"
printf "%-38s %12s %10s %8s %8s\n" "wrk -t2 -c$connections -d${duration}s" "requests/s" "p99" "non-2xx" "of /healthz"
ratio() { echo "scale=3; $1 / $health_rps" | bc; }
printf "%-38s %12s %10s %8s %8s\n" "/healthz" "$health_rps" "$health_p99" "$health_err" "1"
printf "%-38s %12s %10s %8s %8s\n" "queue page, first 50 ($page_bytes bytes)" "$page_rps" "$page_p99" "$page_err" "$(ratio "$page_rps")"
printf "%-38s %12s %10s %8s %8s\n" "queue API ($api_bytes bytes)" "$api_rps" "$api_p99" "$api_err" "$(ratio "$api_rps")"
printf "%-38s %12s %10s %8s %8s\n" "case page ($case_bytes bytes)" "$case_rps" "$case_p99" "$case_err" "$(ratio "$case_rps")"
printf "%-38s %12s %10s %8s %8s\n" "nginx static file ($page_bytes bytes)" "$nginx_rps" "$nginx_p99" "$nginx_err" "$(ratio "$nginx_rps")"
echo "target: each page at least 0.1 of /healthz's throughput with p99 under 20 ms"
made=$((page_n + api_n + case_n))
echo "audit records written: $((after - before)) for $made page and API requests (each view is committed before it is answered)"
