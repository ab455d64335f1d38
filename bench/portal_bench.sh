#!/usr/bin/env bash
# The victim and witness portal under load (issue 15): wrk on a signed-in person's case page with
# ENROLLED people enrolled (default 100,000) in a store of about 1,000,000 obligations, beside the
# portal listener's own /healthz in the same run (target: at least 0.1 of its throughput, p99
# under 20 ms). Every view is audited before it is answered: the records are counted.
# The people are enrolled in SQL with one Argon2id hash made by the product (an invitation
# accepted over HTTP), since making 100,000 hashes would take hours and measure nothing here.
# Usage: bench/portal_bench.sh STORE_DB [ENROLLED]   (a store built by store_bench)
# Needs wrk (bench/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/citizenfocus
db=$1
enrolled=${2:-100000}
day=2025-06-30  # the store_bench force's day: nothing to bring forward
connections=64
duration=${WEB_BENCH_SECONDS:-10}
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The person measured: a victim of a case with events, and the people enrolled beside them.
read -r crime person < <(sqlite3 -separator ' ' "$db" "SELECT k.ref, p.person FROM people p JOIN crimes k
  ON k.id = p.case_id WHERE p.role = 'victim' ORDER BY p.case_id LIMIT 1 OFFSET 1000")
port=$((30000 + RANDOM % 10000))
pport=$((port + 1))
$bin --db "$db" settings set portal_url "http://127.0.0.1:$pport" >/dev/null
link=$($bin --db "$db" portal invite --crime "$crime" --person "$person" --by bench | tail -1)
$bin --db "$db" serve --listen "127.0.0.1:$port" --public-listen "127.0.0.1:$pport" --today "$day" \
  --threads "${WEB_BENCH_THREADS:-$(nproc)}" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$pport/healthz" >/dev/null && break; sleep 0.1; done
# Accept the invitation as a browser would: the form's token and cookie, then the session cookie.
form=$(curl -s -D "$tmp/form.h" "$link")
csrf=$(echo "$form" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
cookie=$(grep -i '^set-cookie: cf_portal_csrf=' "$tmp/form.h" | sed 's/^[^:]*: //;s/;.*//')
session=$(curl -s -D - -o /dev/null -H "Cookie: $cookie" --data-urlencode "csrf=$csrf" \
  --data-urlencode "password=bench portal password" \
  --data-urlencode "confirm_password=bench portal password" "$link" |
  grep -i '^set-cookie: cf_portal=' | sed 's/^[^:]*: //;s/;.*//')
[ -n "$session" ] || { echo "portal_bench: could not sign up" >&2; exit 1; }
# The rest enrolled with that hash, one victim or witness per case.
sqlite3 "$db" "INSERT OR IGNORE INTO portal_accounts (crime, person, password_hash, created_at)
  SELECT k.ref, p.person, (SELECT password_hash FROM portal_accounts WHERE crime = '$crime'), '$day'
  FROM people p JOIN crimes k ON k.id = p.case_id WHERE p.role IN ('victim', 'witness')
  GROUP BY p.case_id LIMIT $enrolled"
page_bytes=$(curl -s -H "Cookie: $session" "http://127.0.0.1:$pport/" | wc -c)
[ "$page_bytes" -gt 1000 ] || { echo "portal_bench: no case page" >&2; exit 1; }

source bench/wrk_run.sh
audited() { sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action = 'portal_viewed'"; }
before=$(audited)
read -r health_rps health_p99 health_err _ < <(run "http://127.0.0.1:$pport/healthz")
read -r page_rps page_p99 page_err page_n < <(run -H "Cookie: $session" "http://127.0.0.1:$pport/")
after=$(audited)
echo "$(sqlite3 "$db" "SELECT count(*) FROM portal_accounts") people enrolled; $(sqlite3 "$db" "SELECT count(*) FROM obligations") obligations in the store; the portal on ${WEB_BENCH_THREADS:-$(nproc)} thread(s)"
printf "%-38s %12s %10s %8s %8s\n" "wrk -t2 -c$connections -d${duration}s" "requests/s" "p99" "non-2xx" "of /healthz"
printf "%-38s %12s %10s %8s %8s\n" "portal /healthz" "$health_rps" "$health_p99" "$health_err" "1"
printf "%-38s %12s %10s %8s %8s\n" "portal case page ($page_bytes bytes)" "$page_rps" "$page_p99" "$page_err" \
  "$(echo "scale=3; $page_rps / $health_rps" | bc)"
echo "target: the case page at least 0.1 of /healthz's throughput with p99 under 20 ms"
echo "audit records written: $((after - before)) for $page_n case page requests"
