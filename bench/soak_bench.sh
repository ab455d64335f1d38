#!/usr/bin/env bash
# Soak (issue 19): mixed traffic for a long time (30 minutes by default) at 80% of the capacity
# measured in the same run (20 s as fast as the reads go, the writes below running), against one
# server and one worker on a seeded demo force:
#   - every staff role's pages (officer, sergeant, bureau, Witness Care Unit, analyst, admin)
#     and the API, and the victim's portal, through wrk;
#   - writes: a contact recorded through the API every second and a standard message sent
#     from the case page every 5 s, each to the next of up to 50 of an officer's cases (the
#     worker sends the messages to an SMTP sink), and an import of new cases through the CLI
#     every minute.
# The pace is kept by wrk's script, by rate rather than by a fixed wait. Prints the requests and
# errors (target: 0) and the pace reached (target: 80%), and the capacity measured again after
# the soak, on the grown store; the resident memory of the server and the worker sampled through
# the soak (target: growth under 5% from the first tenth to the last), with the server's heap as
# malloc counts it; the writes' times; the WAL's largest size (target: bounded, checkpointed
# back) and its emptying checkpoints; what was written and sent; and the routes that took most of
# the server's time.
# Usage: bench/soak_bench.sh [SECONDS=1800] [CRIMES=3000]
# Needs wrk and python3-aiosmtpd (bench/run installs them). CF_BIN: the binary (build/citizenfocus).
# CF_SOAK_SAMPLES: a file to keep the memory and WAL samples in (one line per 10 s: time, server
# and worker resident KiB, WAL bytes, the server's anonymous, file and shared resident KiB, its
# SQLite page caches, heap allocated and heap held free, KiB).
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

port=$((20000 + RANDOM % 12000))  # below the kernel's outgoing ports (32768 up)
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
# A victim of one of pc1003's cases for the portal. For the writes, taken in turn, victims with
# an email address on up to 50 other cases of pc1003's, none flagged domestic abuse or
# intimidated nor with a channel marked unsafe (a message there waits for the officer's check).
# An officer's day spreads over the cases in hand: one case given a contact every second for
# half an hour is a case no officer has, and its page alone grew through the soak. The first of
# them is the officer's case page in the mix.
read -r pcrime pperson < <(sqlite3 -separator ' ' "$db" "SELECT k.ref, p.person FROM people p JOIN crimes k
  ON k.id = p.case_id JOIN cases c ON c.id = p.case_id WHERE p.role = 'victim' AND c.closed = 0
  ORDER BY p.case_id LIMIT 1")
mapfile -t writes < <(sqlite3 -separator ' ' "$db" "SELECT k.ref, p.person FROM people p JOIN crimes k
  ON k.id = p.case_id JOIN cases c ON c.id = p.case_id WHERE p.role = 'victim' AND c.closed = 0
  AND c.officer = 'PC1003' AND p.search_text LIKE '%@%' AND k.ref <> '$pcrime' AND NOT EXISTS
  (SELECT 1 FROM events e WHERE e.case_id = c.id AND (e.body LIKE '%domestic_abuse%' OR
  e.body LIKE '%intimidated%' OR e.body LIKE '%safe_to_contact%'))
  ORDER BY p.case_id LIMIT 50")
[ "${#writes[@]}" -gt 0 ] || { echo "soak_bench: pc1003 has no victim with an email address" >&2; exit 1; }
read -r crime person <<<"${writes[0]}"
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

# wrk's script: each connection cycles through the file's requests. With a RATE (requests/s)
# the thread's connections together keep to it: request i is due at the start + i/RATE, and a
# connection waits until its request is due (so latency under load does not slow the pace, as a
# fixed wait would). Running late, requests go at once, catching up at most 5 s' worth: users
# do not stop arriving while the server is busy (an import, the WAL emptied), but a stall longer
# than that is not made up at once.
# RATE 0: as fast as they go. The clock is clock_gettime, through LuaJIT's FFI (wrk's Lua).
cat >"$tmp/mix.lua" <<'LUA'
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } cf_timespec;
int clock_gettime(int clock, cf_timespec* t);
]]
local now_ts = ffi.new("cf_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, now_ts)  -- CLOCK_MONOTONIC
  return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
end
local requests = {}
local rate = 0
local n = 0
local start = nil
local sent = 0
function init(args)
  for line in io.lines(args[1]) do
    local path, name, value = line:match("^([^\t]+)\t([^:]+): (.*)$")
    table.insert(requests, wrk.format("GET", path, {[name] = value}))
  end
  rate = tonumber(args[2])
  n = math.random(#requests)
end
function request()
  n = n % #requests + 1
  return requests[n]
end
function delay()
  if rate <= 0 then return 0 end
  local now = now_ms()
  if start == nil then start = now end
  local due = start + sent * 1000 / rate
  if due < now - 5000 then  -- more than 5 s behind: the pace starts again from there
    start = now - 5000 - sent * 1000 / rate
    due = now - 5000
  end
  sent = sent + 1
  if due <= now then return 0 end
  return math.floor(due - now)
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

staff_url="http://127.0.0.1:$port"
portal_url="http://127.0.0.1:$pport"

rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# The server's resident memory by kind (KiB): heap and other anonymous, files mapped, shared.
rss_kinds() { awk '/RssAnon|RssFile|RssShmem/ {printf "%s ", $2}' "/proc/$1/status"; }
wal() { stat -c %s "$db-wal" 2>/dev/null || echo 0; }
# From the server's /metrics, in KiB: what its SQLite page caches hold, what its heap has
# allocated, and what its heap holds freed.
heap() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '
    $1 == "citizenfocus_sqlite_page_cache_bytes" {c = $2}
    $1 == "citizenfocus_heap_allocated_bytes" {a = $2}
    $1 == "citizenfocus_heap_free_bytes" {f = $2}
    END {printf "%d %d %d\n", c / 1024, a / 1024, f / 1024}'
}
# Each route's time so far, from the server's /metrics: "ROUTE METHOD SECONDS COUNT" a line.
route_times() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '
    /^citizenfocus_http_request_duration_seconds_(sum|count)\{/ {
      match($1, /route="[^"]*"/); r = substr($1, RSTART + 7, RLENGTH - 8)
      match($1, /method="[^"]*"/); m = substr($1, RSTART + 8, RLENGTH - 9)
      if ($1 ~ /_sum\{/) sum[r " " m] = $2; else n[r " " m] = $2
    }
    END { for (k in n) print k, sum[k] + 0, n[k] }'
}

# The writers, from before the capacity is measured to after it is measured again: the capacity
# is the whole mix's, its writes, imports and the worker's sending included.
end=$(($(date +%s) + 20 + seconds + 20 + 5))
(
  i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    read -r to_crime to_person <<<"${writes[$((i % ${#writes[@]}))]}"
    code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' \
      --data "{\"person\":\"$to_person\",\"channel\":\"phone\",\"outcome\":\"spoke\",\"summary\":\"soak $i\"}" \
      "$staff_url/api/v1/cases/$(enc "$to_crime")/contacts") || code="000 0"
    echo "contact $code"
    sleep 1
  done
) >"$tmp/contacts.log" &
pids+=($!)
(
  i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    read -r to_crime to_person <<<"${writes[$((i % ${#writes[@]}))]}"
    code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: cf_session=$officer_session" \
      --data-urlencode "csrf=$officer_csrf" --data-urlencode "person=$to_person" \
      --data-urlencode "template=acknowledgement" --data-urlencode "channel=email" \
      --data-urlencode "key=soak-$i" "$staff_url/cases/$(enc "$to_crime")/messages") || code="000 0"
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

# Capacity: both addresses' mixes at once, as fast as they go, for 20 s, with the writers.
# $1: "start" or "end", naming the files written (cap_staff.start and so on).
capacity() {
  wrk_run -t1 -c"$connections" -d20s -s "$tmp/mix.lua" "$staff_url" -- "$tmp/staff.txt" 0 \
    >"$tmp/cap_staff.$1" &
  local pid=$!
  wrk_run -t1 -c4 -d20s -s "$tmp/mix.lua" "$portal_url" -- "$tmp/portal.txt" 0 >"$tmp/cap_portal.$1"
  wait "$pid"
}
capacity start
read -r cap_staff cap_staff_err _ <"$tmp/cap_staff.start"
read -r cap_portal cap_portal_err _ <"$tmp/cap_portal.start"
# 80% of it, paced.
staff_rate=$(echo "$cap_staff * 0.8" | bc)
portal_rate=$(echo "$cap_portal * 0.8" | bc)
echo "capacity (20 s, as fast as it goes, the writers running): staff mix $cap_staff requests/s ($cap_staff_err non-2xx), portal $cap_portal requests/s ($cap_portal_err non-2xx)"
echo "soak: ${seconds} s at 80%: staff mix at $staff_rate requests/s on $connections connections, portal at $portal_rate requests/s on 4"

# Samples, for the length of the soak.
(
  while [ ! -e "$tmp/soaked" ]; do
    echo "$(date +%s) $(rss "$server_pid") $(rss "$worker_pid") $(wal) $(rss_kinds "$server_pid")$(heap)"
    sleep 10
  done
) >"$tmp/samples.log" &
pids+=($!)

route_times >"$tmp/routes.0"
(sleep $((seconds / 2)); route_times >"$tmp/routes.1") &
pids+=($!)
wrk_run -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s "$tmp/mix.lua" "$staff_url" -- \
  "$tmp/staff.txt" "$staff_rate" >"$tmp/soak_staff" &
wrk_pid=$!
wrk_run -t1 -c4 -d"${seconds}s" --timeout 10s -s "$tmp/mix.lua" "$portal_url" -- \
  "$tmp/portal.txt" "$portal_rate" >"$tmp/soak_portal"
wait "$wrk_pid"
route_times >"$tmp/routes.2"
touch "$tmp/soaked"
# Capacity again, on the store as the soak left it (not part of the pace: the figure shows what
# the store's growth cost).
capacity end
read -r end_staff end_staff_err _ <"$tmp/cap_staff.end"
read -r end_portal end_portal_err _ <"$tmp/cap_portal.end"
sleep 12  # the last writes
read -r soak_staff soak_staff_err soak_staff_sock soak_staff_n <"$tmp/soak_staff"
read -r soak_portal soak_portal_err soak_portal_sock soak_portal_n <"$tmp/soak_portal"

count() { grep -c "$1" "$2" || true; }
contacts_ok=$(count ' 200 ' "$tmp/contacts.log")
contacts_all=$(wc -l <"$tmp/contacts.log")
messages_ok=$(count ' 303 ' "$tmp/messages.log")
messages_all=$(wc -l <"$tmp/messages.log")
imports_ok=$(count ' 0$' "$tmp/imports.log")
imports_all=$(wc -l <"$tmp/imports.log")
sent=$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE idempotency_key LIKE '%soak-%' AND status = 'delivered'")
sent_all=$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE status = 'delivered'")
delivered=$(find "$tmp/mail" -name '*.eml' | wc -l)
# Sent again with a Message-ID the sink already had (a send the worker could not confirm, tried
# again with the same key, as a provider that honours the key would take it once).
repeats=$(cat "$tmp/mail/repeats.txt" 2>/dev/null || echo 0)
# The writes' times (s): median, 99th percentile and longest, in ms.
write_times() {
  awk '{print $3}' "$@" | sort -n | awk '{t[NR] = $1} END {
    printf "median %.0f ms, 99th percentile %.0f ms, longest %.0f ms", t[int((NR + 1) / 2)] * 1000,
      t[int(NR * 0.99 + 0.999)] * 1000, t[NR] * 1000 }'
}
# The WAL's emptying checkpoints, from the server's /metrics.
truncations=$(curl -s "http://127.0.0.1:$port/metrics" | awk '
  /^citizenfocus_wal_truncations_total/ { split($1, a, "\""); n[a[2]] = $2 }
  /^citizenfocus_wal_truncate_seconds_sum/ { sum = $2 }
  /^citizenfocus_wal_truncate_seconds_count/ { count = $2 }
  END { printf "%d emptied, %d busy (tried again), %.0f ms each on average", n["emptied"], n["busy"],
        (count > 0 ? sum * 1000 / count : 0) }') || truncations="not known (no answer from /metrics)"
server_errors=$(grep -ci 'error\|exception' "$tmp/server.log" || true)
worker_errors=$(grep -ci 'error\|exception' "$tmp/worker.log" || true)
# Memory: the mean of the samples in the soak's first tenth beside the mean of its last tenth;
# for the server, also what its heap has allocated (its SQLite page caches among it) and holds
# freed, which tell growth of what it keeps from memory its allocator has not given back.
read -r first_server first_worker last_server last_worker max_wal final_wal first_cache last_cache \
  first_alloc last_alloc first_free last_free < <(awk -v n="$(wc -l <"$tmp/samples.log")" '
  { s[NR] = $2; w[NR] = $3; c[NR] = $8; a[NR] = $9; f[NR] = $10; if ($4 > maxw) maxw = $4; lastw = $4 }
  END {
    k = int(n / 10); if (k < 1) k = 1
    for (i = 1; i <= k; i++) { fs += s[i]; fw += w[i]; fc += c[i]; fa += a[i]; ff += f[i] }
    for (i = n - k + 1; i <= n; i++) { ls += s[i]; lw += w[i]; lc += c[i]; la += a[i]; lf += f[i] }
    printf "%d %d %d %d %d %d %d %d %d %d %d %d\n", fs / k, fw / k, ls / k, lw / k, maxw, lastw,
      fc / k, lc / k, fa / k, la / k, ff / k, lf / k
  }' "$tmp/samples.log")
growth() { echo "scale=2; ($2 - $1) * 100 / $1" | bc; }
printf "%-28s %12s %12s %10s %10s\n" "soak ($seconds s)" "requests" "requests/s" "non-2xx" "socket err"
printf "%-28s %12s %12s %10s %10s\n" "staff pages and API" "$soak_staff_n" "$soak_staff" "$soak_staff_err" "$soak_staff_sock"
printf "%-28s %12s %12s %10s %10s\n" "portal" "$soak_portal_n" "$soak_portal" "$soak_portal_err" "$soak_portal_sock"
echo "writes: contacts $contacts_ok of $contacts_all answered 200; messages $messages_ok of $messages_all answered 303 ($sent delivered by the worker; all told $sent_all delivered, $delivered at the SMTP sink, $repeats sent again with the same key); imports $imports_ok of $imports_all"
echo "resident memory, first tenth -> last tenth: server ${first_server} KiB -> ${last_server} KiB ($(growth "$first_server" "$last_server")%), worker ${first_worker} KiB -> ${last_worker} KiB ($(growth "$first_worker" "$last_worker")%)"
echo "server by kind, first sample -> last (KiB, anonymous file shared): $(head -1 "$tmp/samples.log" | cut -d' ' -f5-7) -> $(tail -1 "$tmp/samples.log" | cut -d' ' -f5-7)"
echo "server heap, first tenth -> last tenth: allocated ${first_alloc} KiB -> ${last_alloc} KiB ($(growth "$first_alloc" "$last_alloc")%), of it SQLite page caches ${first_cache} KiB -> ${last_cache} KiB; held free ${first_free} KiB -> ${last_free} KiB"
echo "capacity after the soak: staff mix $end_staff requests/s ($end_staff_err non-2xx), portal $end_portal requests/s ($end_portal_err non-2xx)"
echo "pace reached: staff mix $(echo "scale=1; $soak_staff * 100 / $cap_staff" | bc)% of capacity, portal $(echo "scale=1; $soak_portal * 100 / $cap_portal" | bc)% (target 80%)"
echo "write times (contacts through the API and messages from the case page): $(write_times "$tmp/contacts.log" "$tmp/messages.log")"
echo "WAL: largest $max_wal bytes, at the end $final_wal bytes; store $(stat -c %s "$db") bytes; checkpoints past 64 MB: $truncations"
echo "log lines naming an error: server $server_errors, worker $worker_errors"
# Where the server's time went: the routes taking most of it in the soak's second half, with
# their mean time per request in each half (from arrival to answer, so waiting for a thread too).
echo "routes taking most time in the second half (mean ms a request, first half -> second half; requests):"
awk 'FILENAME ~ /routes.0$/ {s0[$1 " " $2] = $3; n0[$1 " " $2] = $4}
  FILENAME ~ /routes.1$/ {s1[$1 " " $2] = $3; n1[$1 " " $2] = $4}
  FILENAME ~ /routes.2$/ {s2[$1 " " $2] = $3; n2[$1 " " $2] = $4}
  END {
    for (k in n2) {
      a = n1[k] - n0[k]; b = n2[k] - n1[k]
      if (b <= 0) continue
      printf "%.3f %s %.1f %.1f %d\n", s2[k] - s1[k], k, (a > 0 ? (s1[k] - s0[k]) * 1000 / a : 0),
        (s2[k] - s1[k]) * 1000 / b, a + b
    }
  }' "$tmp/routes.0" "$tmp/routes.1" "$tmp/routes.2" | sort -rn | head -8 |
  awk '{printf "  %-32s %-5s %8.1f -> %8.1f  %9d\n", $2, $3, $4, $5, $6}'
cp "$tmp/samples.log" "${CF_SOAK_SAMPLES:-/dev/null}"
echo "targets: 0 non-2xx and 0 socket errors; every write answered; memory growth under 5%; the WAL bounded"
