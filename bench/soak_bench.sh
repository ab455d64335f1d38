#!/usr/bin/env bash
# Soak (issue 19): mixed traffic for a long time (30 minutes by default) at 80% of the capacity
# measured in the same run, against one server and one worker on a seeded demo force:
#   - every staff role's pages (officer, sergeant, bureau, Witness Care Unit, analyst, admin)
#     and the API, and the victim's portal, through wrk;
#   - writes: a contact recorded through the API every second, a standard message sent from
#     the case page every 5 s (the worker sends it to an SMTP sink), and an import of new cases
#     through the CLI every minute.
# Prints the requests and errors (target: 0), the resident memory of the server and the worker
# sampled through the soak (target: growth under 5% from the first tenth to the end), the WAL's
# largest size (target: bounded, checkpointed back), and what was written and sent.
# Usage: bench/soak_bench.sh [SECONDS=1800] [CRIMES=3000]
# Needs wrk and python3-aiosmtpd (bench/run installs them). CF_BIN: the binary (build/citizenfocus).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CF_BIN:-build/citizenfocus}
seconds=${1:-1800}
crimes=${2:-3000}
connections=16
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
db=$tmp/soak.db
password=demo-password-2024
$bin --db "$db" demo --crimes "$crimes" --password "$password" >/dev/null 2>&1

port=$((30000 + RANDOM % 10000))
pport=$((port + 1))
sport=$((port + 2))
mkdir -p "$tmp/mail"
/usr/bin/python3 tests/support/smtp_sink.py "$sport" "$tmp/mail" >"$tmp/smtp.log" 2>&1 &
pids+=($!)
cat >"$tmp/cf.toml" <<CONF
[smtp]
url = "smtp://127.0.0.1:$sport"
from = "updates@police.example"
[schedule]
dispatch = "5s"
refresh = "0"
referrals = "0"
CONF
$bin --db "$db" settings set portal_url "http://127.0.0.1:$pport" >/dev/null
# A victim of one of pc1003's cases for the portal; another case of pc1003's for the writes.
read -r pcrime pperson < <(sqlite3 -separator ' ' "$db" "SELECT k.ref, p.person FROM people p JOIN crimes k
  ON k.id = p.case_id JOIN cases c ON c.id = p.case_id WHERE p.role = 'victim' AND c.closed = 0
  ORDER BY p.case_id LIMIT 1")
read -r crime person < <(sqlite3 -separator ' ' "$db" "SELECT k.ref, p.person FROM people p JOIN crimes k
  ON k.id = p.case_id JOIN cases c ON c.id = p.case_id WHERE p.role = 'victim' AND c.closed = 0
  AND c.officer = 'PC1003' AND p.search_text LIKE '%@%' ORDER BY p.case_id LIMIT 1")
link=$($bin --db "$db" portal invite --crime "$pcrime" --person "$pperson" --by soak | tail -1)
token=$($bin --db "$db" token create --user pc1003 | tail -1)

$bin --db "$db" --config "$tmp/cf.toml" serve --listen "127.0.0.1:$port" --public-listen "127.0.0.1:$pport" \
  >"$tmp/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
$bin --db "$db" --config "$tmp/cf.toml" worker >"$tmp/worker.log" 2>&1 &
worker_pid=$!
pids+=("$worker_pid")
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

# Signs in as a browser would; prints the session cookie's value.
sign_in() {
  local page csrf
  page=$(curl -s "http://127.0.0.1:$port/login")
  csrf=$(echo "$page" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  curl -s -D - -o /dev/null -H "Cookie: cf_login_csrf=$csrf" --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=$1" --data-urlencode "password=$password" "http://127.0.0.1:$port/login" |
    grep -i '^set-cookie: cf_session=' | sed 's/.*cf_session=//;s/;.*//'
}
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
case_path="/cases/$(enc "$crime")"
# Each role's pages: PATH<TAB>HEADER per line, for wrk's script.
: >"$tmp/staff.txt"
add() { printf '%s\t%s\n' "$1" "$2" >>"$tmp/staff.txt"; }
for user in pc1003 sgt.n1 bureau wcu analyst admin; do
  session=$(sign_in "$user")
  [ -n "$session" ] || { echo "soak_bench: $user could not sign in" >&2; exit 1; }
  eval "session_${user//./_}=$session"
  cookie="Cookie: cf_session=$session"
  case $user in
    pc1003) add / "$cookie"; add "$case_path" "$cookie" ;;
    sgt.n1) add / "$cookie"; add /missed "$cookie"; add /rota "$cookie"; add /dip-samples "$cookie"; add /quality-calls "$cookie" ;;
    bureau) add "/search?q=$(enc "$crime")" "$cookie"; add / "$cookie" ;;
    wcu) add / "$cookie" ;;
    analyst) add /compliance "$cookie"; add /measures "$cookie"; add /survey "$cookie" ;;
    admin) add /admin/audit "$cookie"; add /admin/users "$cookie" ;;
  esac
done
add /api/v1/queue "Authorization: Bearer $token"
add "/api/v1/cases/$(enc "$crime")" "Authorization: Bearer $token"
# Every request answers 200 before the soak starts.
while IFS=$'\t' read -r path header; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$header" "http://127.0.0.1:$port$path")
  [ "$code" = 200 ] || { echo "soak_bench: $path answered $code" >&2; exit 1; }
done <"$tmp/staff.txt"
officer_session=$session_pc1003
officer_csrf=$(curl -s -H "Cookie: cf_session=$officer_session" "http://127.0.0.1:$port$case_path" |
  grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')

# The portal: the invitation accepted, then the victim's case page.
form=$(curl -s -D "$tmp/form.h" "$link")
pcsrf=$(echo "$form" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
pcookie=$(grep -i '^set-cookie: cf_portal_csrf=' "$tmp/form.h" | sed 's/^[^:]*: //;s/;.*//')
portal=$(curl -s -D - -o /dev/null -H "Cookie: $pcookie" --data-urlencode "csrf=$pcsrf" \
  --data-urlencode "password=soak portal password" \
  --data-urlencode "confirm_password=soak portal password" "$link" |
  grep -i '^set-cookie: cf_portal=' | sed 's/^[^:]*: //;s/;.*//')
[ -n "$portal" ] || { echo "soak_bench: the portal invitation was not accepted" >&2; exit 1; }
printf '/\tCookie: %s\n' "$portal" >"$tmp/portal.txt"

# wrk's script: each connection cycles through the file's requests, waiting DELAY ms before
# each (0: as fast as it can).
cat >"$tmp/mix.lua" <<'LUA'
local requests = {}
local delay_ms = 0
local n = 0
function init(args)
  for line in io.lines(args[1]) do
    local path, name, value = line:match("^([^\t]+)\t([^:]+): (.*)$")
    table.insert(requests, wrk.format("GET", path, {[name] = value}))
  end
  delay_ms = tonumber(args[2])
  n = math.random(#requests)
end
function request()
  n = n % #requests + 1
  return requests[n]
end
function delay()
  return delay_ms
end
LUA
# "requests/s non-2xx socket-errors requests" from a wrk run: wrk ARGS... -- FILE DELAY
wrk_run() {
  local out
  out=$(wrk "$@")
  echo "$out" >>"$tmp/wrk.log"
  local rps errors sock requests
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  sock=$(echo "$out" | awk '/Socket errors/ {s = 0; for (i = 4; i <= NF; i += 2) s += $i; print s}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$rps ${errors:-0} ${sock:-0} $requests"
}

# Capacity: both address's mixes at once, as fast as they go, for 20 s.
staff_url="http://127.0.0.1:$port"
portal_url="http://127.0.0.1:$pport"
wrk_run -t1 -c"$connections" -d20s -s "$tmp/mix.lua" "$staff_url" -- "$tmp/staff.txt" 0 >"$tmp/cap_staff" &
wrk_pid=$!
wrk_run -t1 -c4 -d20s -s "$tmp/mix.lua" "$portal_url" -- "$tmp/portal.txt" 0 >"$tmp/cap_portal"
wait "$wrk_pid"
read -r cap_staff cap_staff_err _ <"$tmp/cap_staff"
read -r cap_portal cap_portal_err _ <"$tmp/cap_portal"
# 80% of it: each connection waits long enough that all of them together ask for 0.8 of it.
staff_delay=$(echo "$connections * 1000 / ($cap_staff * 0.8)" | bc)
portal_delay=$(echo "4 * 1000 / ($cap_portal * 0.8)" | bc)

rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
wal() { stat -c %s "$db-wal" 2>/dev/null || echo 0; }
echo "capacity (20 s, as fast as it goes): staff mix $cap_staff requests/s ($cap_staff_err non-2xx), portal $cap_portal requests/s ($cap_portal_err non-2xx)"
echo "soak: ${seconds} s at 80%: staff mix every ${staff_delay} ms on $connections connections, portal every ${portal_delay} ms on 4"

# The writers, for the length of the soak.
end=$(($(date +%s) + seconds))
(
  i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' \
      --data "{\"person\":\"$person\",\"channel\":\"phone\",\"outcome\":\"spoke\",\"summary\":\"soak $i\"}" \
      "$staff_url/api/v1/cases/$(enc "$crime")/contacts")
    echo "contact $code"
    sleep 1
  done
) >"$tmp/contacts.log" &
pids+=($!)
(
  i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: cf_session=$officer_session" \
      --data-urlencode "csrf=$officer_csrf" --data-urlencode "person=$person" \
      --data-urlencode "template=acknowledgement" --data-urlencode "channel=email" \
      --data-urlencode "key=soak-$i" "$staff_url$case_path/messages")
    echo "message $code"
    sleep 5
  done
) >"$tmp/messages.log" &
pids+=($!)
(
  i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    for c in 1 2 3 4 5; do
      ref="SOAK/$i/$c"
      echo "{\"id\":\"soak-$i-$c-1\",\"type\":\"crime.recorded\",\"crime\":\"$ref\",\"at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"crime_type\":\"Burglary\",\"unit\":\"N1\",\"officer\":\"PC1003\"}"
      echo "{\"id\":\"soak-$i-$c-2\",\"type\":\"person.added\",\"crime\":\"$ref\",\"at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"person\":\"V1\",\"role\":\"victim\",\"name\":{\"given\":\"Soak\",\"family\":\"Victim $i\"}}"
    done >"$tmp/import-$i.jsonl"
    if $bin --db "$db" import "$tmp/import-$i.jsonl" >/dev/null 2>>"$tmp/import.err"; then
      echo "import 0"
    else
      echo "import $?"
    fi
    sleep 60
  done
) >"$tmp/imports.log" &
pids+=($!)
(
  while [ "$(date +%s)" -lt "$end" ]; do
    echo "$(date +%s) $(rss "$server_pid") $(rss "$worker_pid") $(wal)"
    sleep 10
  done
) >"$tmp/samples.log" &
pids+=($!)

wrk_run -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s "$tmp/mix.lua" "$staff_url" -- \
  "$tmp/staff.txt" "$staff_delay" >"$tmp/soak_staff" &
wrk_pid=$!
wrk_run -t1 -c4 -d"${seconds}s" --timeout 10s -s "$tmp/mix.lua" "$portal_url" -- \
  "$tmp/portal.txt" "$portal_delay" >"$tmp/soak_portal"
wait "$wrk_pid"
sleep 12  # the last writes and samples
read -r soak_staff soak_staff_err soak_staff_sock soak_staff_n <"$tmp/soak_staff"
read -r soak_portal soak_portal_err soak_portal_sock soak_portal_n <"$tmp/soak_portal"

count() { grep -c "$1" "$2" || true; }
contacts_ok=$(count ' 200$' "$tmp/contacts.log")
contacts_all=$(wc -l <"$tmp/contacts.log")
messages_ok=$(count ' 303$' "$tmp/messages.log")
messages_all=$(wc -l <"$tmp/messages.log")
imports_ok=$(count ' 0$' "$tmp/imports.log")
imports_all=$(wc -l <"$tmp/imports.log")
sent=$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE idempotency_key LIKE '%soak-%' AND status = 'delivered'")
delivered=$(find "$tmp/mail" -type f | wc -l)
server_errors=$(grep -ci 'error\|exception' "$tmp/server.log" || true)
worker_errors=$(grep -ci 'error\|exception' "$tmp/worker.log" || true)
# Memory: the mean of the samples in the soak's first tenth (after the first minute's warm-up
# of caches) beside the mean of its last tenth.
read -r first_server first_worker last_server last_worker max_wal final_wal < <(awk -v n="$(wc -l <"$tmp/samples.log")" '
  { s[NR] = $2; w[NR] = $3; if ($4 > maxw) maxw = $4; lastw = $4 }
  END {
    k = int(n / 10); if (k < 1) k = 1
    for (i = 1; i <= k; i++) { fs += s[i]; fw += w[i] }
    for (i = n - k + 1; i <= n; i++) { ls += s[i]; lw += w[i] }
    printf "%d %d %d %d %d %d\n", fs / k, fw / k, ls / k, lw / k, maxw, lastw
  }' "$tmp/samples.log")
growth() { echo "scale=2; ($2 - $1) * 100 / $1" | bc; }
printf "%-28s %12s %12s %10s %10s\n" "soak ($seconds s)" "requests" "requests/s" "non-2xx" "socket err"
printf "%-28s %12s %12s %10s %10s\n" "staff pages and API" "$soak_staff_n" "$soak_staff" "$soak_staff_err" "$soak_staff_sock"
printf "%-28s %12s %12s %10s %10s\n" "portal" "$soak_portal_n" "$soak_portal" "$soak_portal_err" "$soak_portal_sock"
echo "writes: contacts $contacts_ok of $contacts_all answered 200; messages $messages_ok of $messages_all answered 303 ($sent delivered by the worker, $delivered at the SMTP sink); imports $imports_ok of $imports_all"
echo "resident memory, first tenth -> last tenth: server ${first_server} KiB -> ${last_server} KiB ($(growth "$first_server" "$last_server")%), worker ${first_worker} KiB -> ${last_worker} KiB ($(growth "$first_worker" "$last_worker")%)"
echo "WAL: largest $max_wal bytes, at the end $final_wal bytes; store $(stat -c %s "$db") bytes"
echo "log lines naming an error: server $server_errors, worker $worker_errors"
echo "targets: 0 non-2xx and 0 socket errors; every write answered; memory growth under 5%; the WAL bounded"
