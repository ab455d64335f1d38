#!/usr/bin/env bash
# Operations (issue 19), end to end through the real binary: --version; the audit log's hash
# chain and `audit verify` (a changed, removed or outside record is named; records from before
# the chain are chained once); `backup` and `restore` (verified copies, read by sqlite3 itself;
# a backup taken during an import holds all of it or none; a restore keeps what it replaces);
# and the server's /metrics (parsed as Prometheus text), /readyz and JSON log lines.
# Usage: operations_test.sh BINARY TESTS_DIR (CF_TEST_POSTGRESQL, when set, adds the chain on
# PostgreSQL)
set -u
bin="$1"
dir="$2"
tmp=$(mktemp -d)
serve_pid=""
trap '[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# shellcheck source=support/checks.sh
source "$(dirname "$0")/support/checks.sh"
q() { sqlite3 -batch "$1" "$2"; }

# --- the version ---
out=$("$bin" --version); check "--version exits 0" "0" "$?"
contains "--version names the program and version" "citizenfocus 0." "$out"

# --- the audit chain ---
"$bin" --db "$tmp/a.db" demo --crimes 40 --password demo-password-2024 >/dev/null 2>"$tmp/err"
check "demo store made" "0" "$?"
for _ in 1 2 3; do "$bin" --db "$tmp/a.db" token create --user sgt.n1 >/dev/null; done
"$bin" --db "$tmp/a.db" audit --limit 5 >/dev/null
n=$(q "$tmp/a.db" "SELECT count(*) FROM audit_log")
check "the log has records to chain" "yes" "$([ "$n" -ge 4 ] && echo yes)"
check "every record carries its chain hash" "0" "$(q "$tmp/a.db" "SELECT count(*) FROM audit_log WHERE length(chain_hash) <> 64 OR chain_hash IS NULL")"
out=$("$bin" --db "$tmp/a.db" audit verify); check "audit verify of a whole log exits 0" "0" "$?"
contains "and says it is whole, with the count" "The audit log is whole: $n records" "$out"
cp "$tmp/a.db" "$tmp/clean.db"

q "$tmp/a.db" "UPDATE audit_log SET detail = 'edited afterwards' WHERE id = 3"
out=$("$bin" --db "$tmp/a.db" audit verify 2>"$tmp/err"); check "an edited record: exit 1" "1" "$?"
contains "names the edited record first" "First broken: record #3 " "$out"
contains "and says it was changed" "does not match its chain hash" "$out"
contains "standard error names it too" "broken at record #3" "$(cat "$tmp/err")"
contains "one link broken" "NOT whole: 1 of its $n records" "$out"

cp "$tmp/clean.db" "$tmp/a.db"
q "$tmp/a.db" "DELETE FROM audit_log WHERE id = 2"
out=$("$bin" --db "$tmp/a.db" audit verify); check "a removed record: exit 1" "1" "$?"
contains "names the record after the gap and the gap" "record #3 " "$out"
contains "saying records were removed" "records #2 to #2 were removed" "$out"

cp "$tmp/clean.db" "$tmp/a.db"
q "$tmp/a.db" "INSERT INTO audit_log (at, user_name, action) VALUES ('2026-01-01T00:00:00Z', 'intruder', 'viewed_case')"
out=$("$bin" --db "$tmp/a.db" audit verify); check "a record added from outside: exit 1" "1" "$?"
contains "named as from outside" "added to the log from outside Citizen Focus" "$out"

cp "$tmp/clean.db" "$tmp/a.db"
q "$tmp/a.db" "UPDATE audit_log SET chain_hash = (SELECT chain_hash FROM audit_log WHERE id = 1) WHERE id = 2"
out=$("$bin" --db "$tmp/a.db" audit verify); check "a changed hash: exit 1" "1" "$?"
contains "breaks its own link" "First broken: record #2 " "$out"
contains "and the next" "Also: record #3 " "$out"

# A store from before the chain (migration 33): its records are chained, in order, by the
# migration that adds the chain.
cp "$tmp/clean.db" "$tmp/old.db"
q "$tmp/old.db" "ALTER TABLE audit_log DROP COLUMN chain_hash; DELETE FROM schema_migrations WHERE version = 34"
out=$("$bin" --db "$tmp/old.db" audit verify); check "an old log, chained by the migration, verifies" "0" "$?"
check "and holds the hashes a chained log holds" "$(q "$tmp/clean.db" "SELECT group_concat(chain_hash) FROM (SELECT chain_hash FROM audit_log ORDER BY id)")" "$(q "$tmp/old.db" "SELECT group_concat(chain_hash) FROM (SELECT chain_hash FROM audit_log ORDER BY id LIMIT $n)")"

# Hashes removed from a chained log, some or all (after editing it), are reported, never made
# again.
cp "$tmp/clean.db" "$tmp/a.db"
q "$tmp/a.db" "UPDATE audit_log SET chain_hash = NULL WHERE id <= 2"
out=$("$bin" --db "$tmp/a.db" audit verify); check "hashes removed from a chained log: exit 1" "1" "$?"
contains "named, not chained again" "First broken: record #1 " "$out"
cp "$tmp/clean.db" "$tmp/a.db"
q "$tmp/a.db" "UPDATE audit_log SET detail = 'rewritten', chain_hash = NULL"
out=$("$bin" --db "$tmp/a.db" audit verify); check "a log edited and stripped of every hash: exit 1" "1" "$?"
contains "every record named" "NOT whole: $n of its $n records" "$out"
# A record added from outside breaks its own link only: the next one written is chained after it.
cp "$tmp/clean.db" "$tmp/a.db"
q "$tmp/a.db" "INSERT INTO audit_log (at, user_name, action) VALUES ('2026-01-01T00:00:00Z', 'intruder', 'viewed_case')"
"$bin" --db "$tmp/a.db" token create --user sgt.n1 >/dev/null
out=$("$bin" --db "$tmp/a.db" audit verify)
contains "one link broken, the outsider's" "NOT whole: 1 of its $((n + 2)) records" "$out"

# --- backup and restore ---
cp "$tmp/clean.db" "$tmp/a.db"
out=$("$bin" --db "$tmp/a.db" backup --to "$tmp/a.backup" 2>"$tmp/err"); check "backup exits 0" "0" "$?"
contains "says it verified the copy" "verified (integrity check, and every table's rows and checksum)" "$out"
check "the backup is whole to sqlite3" "ok" "$(q "$tmp/a.backup" "PRAGMA integrity_check")"
check "the backup is one file" "no" "$([ -e "$tmp/a.backup-wal" ] && echo yes || echo no)"
check "the backup holds every row of the store" "$(rows "$tmp/a.db" | md5sum)" "$(rows "$tmp/a.backup" | md5sum)"
"$bin" --db "$tmp/a.db" backup --to "$tmp/a.backup" >/dev/null 2>"$tmp/err"
check "a backup never replaces a file" "74" "$?"
contains "and says so" "exists already" "$(cat "$tmp/err")"
"$bin" --db "$tmp/none.db" backup --to "$tmp/none.backup" >/dev/null 2>"$tmp/err"
check "no store, no backup" "74" "$?"
check "and no store made" "no" "$([ -e "$tmp/none.db" ] && echo yes || echo no)"
"$bin" --db "postgresql://nobody@127.0.0.1:1/none" backup --to "$tmp/pg.backup" >/dev/null 2>"$tmp/err"
check "a PostgreSQL store is sent to its own tools" "74" "$?"
contains "naming them" "pg_dump" "$(cat "$tmp/err")"

backup_sum=$(md5sum <"$tmp/a.backup")
out=$("$bin" --db "$tmp/new.db" restore --from "$tmp/a.backup"); check "restore into a new store exits 0" "0" "$?"
check "the restored store holds the backup's rows" "$(rows "$tmp/a.backup" | md5sum)" "$(rows "$tmp/new.db" | md5sum)"
check "the backup file itself is untouched, byte for byte" "$backup_sum" "$(md5sum <"$tmp/a.backup")"
check "the backup is readable by its owner and group only" "640" "$(stat -c '%a' "$tmp/a.backup")"
"$bin" --db "$tmp/new.db" audit verify >/dev/null; check "its audit log is whole" "0" "$?"

# A bad day: events lost. The restore brings them back and keeps the damaged store beside it.
q "$tmp/a.db" "DELETE FROM audit_log WHERE id > 2"
damaged=$(rows "$tmp/a.db" | md5sum)
out=$("$bin" --db "$tmp/a.db" restore --from "$tmp/a.backup"); check "restore over a store exits 0" "0" "$?"
contains "says where the old store is kept" "The store as it was is kept at $tmp/a.db.before-restore-" "$out"
check "the store is the backup's again" "$(rows "$tmp/a.backup" | md5sum)" "$(rows "$tmp/a.db" | md5sum)"
kept=$(ls "$tmp"/a.db.before-restore-* | head -1)
check "and what it held is kept" "$damaged" "$(rows "$kept" | md5sum)"
printf 'not a database at all, just text' >"$tmp/junk.backup"
: >"$tmp/empty.backup"
sqlite3 "$tmp/other.backup" "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
before=$(rows "$tmp/a.db" | md5sum)
for f in junk empty other; do
  "$bin" --db "$tmp/a.db" restore --from "$tmp/$f.backup" >/dev/null 2>"$tmp/err"
  check "a file that is no backup ($f) is refused" "74" "$?"
  check "and the store is left as it was ($f)" "$before" "$(rows "$tmp/a.db" | md5sum)"
done
contains "saying it is not a Citizen Focus store" "not a Citizen Focus store" "$(cat "$tmp/err")"

# A backup taken while an import runs holds the file whole or not at all (one transaction).
"$bin" generate --seed 7 --crimes 1500 -o "$tmp/force.jsonl" >/dev/null
"$bin" --db "$tmp/ref.db" import "$tmp/force.jsonl" >/dev/null
full=$(q "$tmp/ref.db" "SELECT count(*) FROM events")
"$bin" --db "$tmp/busy.db" audit --limit 1 >/dev/null  # the store made, empty
base=0
"$bin" --db "$tmp/busy.db" import "$tmp/force.jsonl" >/dev/null &
import_pid=$!
taken=0
mid=0
for i in $(seq 12); do
  "$bin" --db "$tmp/busy.db" backup --to "$tmp/busy.$i.backup" >/dev/null 2>"$tmp/err" || { echo "backup $i failed: $(cat "$tmp/err")"; continue; }
  taken=$((taken + 1))
  kill -0 "$import_pid" 2>/dev/null && mid=$((mid + 1))
  # The first is restored; each is read by sqlite3 itself.
  if [ "$taken" -eq 1 ]; then
    "$bin" --db "$tmp/restored.db" restore --from "$tmp/busy.$i.backup" >/dev/null 2>&1
    check "a backup taken during an import restores" "0" "$?"
    check "and what it restores is the backup" "$(rows "$tmp/busy.$i.backup" | md5sum)" "$(rows "$tmp/restored.db" | md5sum)"
  fi
  check "backup $i is whole to sqlite3" "ok" "$(q "$tmp/busy.$i.backup" "PRAGMA integrity_check")"
  ev=$(q "$tmp/busy.$i.backup" "SELECT count(*) FROM events")
  check "backup $i holds the import whole or not at all" "yes" "$([ "$ev" -eq "$base" ] || [ "$ev" -eq $((base + full)) ] && echo yes || echo "no: $ev events")"
  check "backup $i: every case derived from its log" "0" "$(q "$tmp/busy.$i.backup" "SELECT count(*) FROM (SELECT DISTINCT case_id FROM events) e WHERE e.case_id NOT IN (SELECT id FROM cases)")"
  kill -0 "$import_pid" 2>/dev/null || break
done
wait "$import_pid"; check "the import finished beside the backups" "0" "$?"
check "backups were taken while it ran" "yes" "$([ "$mid" -ge 1 ] && echo yes || echo "no ($taken taken, $mid mid-import)")"

# --- the server: /metrics, /readyz, JSON logs ---
port=$(free_port)
cp "$tmp/clean.db" "$tmp/serve.db"
token=$("$bin" --db "$tmp/serve.db" token create --user sgt.n1 | tail -1)
CF_METRICS_TOKEN="" "$bin" --db "$tmp/serve.db" serve --listen "127.0.0.1:$port" --threads 2 --log-format json >"$tmp/serve.out" 2>"$tmp/serve.err" &
serve_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
check "/readyz says ready" "200" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")"
for _ in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$port/login"; done
curl -s -o /dev/null "http://127.0.0.1:$port/cases/AB%2F1"
curl -s -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/queue"
req_id=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/login" | tr -d '\r' | sed -n 's/^X-Request-Id: //Ip')
curl -s "http://127.0.0.1:$port/metrics" >"$tmp/metrics.txt"
check "/metrics answers" "0" "$?"
python3 - "$tmp/metrics.txt" "$tmp/serve.out" "$req_id" >"$tmp/parsed" 2>&1 <<'EOF'
import json, re, sys
text, log, req_id = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
# Prometheus text format 0.0.4: comments, or `name{label="value",...} number`.
sample = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*)\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$')
types, series = {}, {}
for line in text.splitlines():
    if line.startswith('# TYPE '):
        _, _, name, kind = line.split(' ')
        types[name] = kind
        continue
    if line.startswith('# HELP ') or not line:
        continue
    m = sample.match(line)
    if not m:
        print('not Prometheus text:', line); sys.exit(1)
    labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:\\.|[^"\\])*)"', m.group(3) or ''))
    series[(m.group(1), tuple(sorted(labels.items())))] = float(m.group(7))
def value(name, **labels):
    return series.get((name, tuple(sorted(labels.items()))))
print('login_requests', value('citizenfocus_http_requests_total', route='/login', method='GET', status='200'))
print('case_route', value('citizenfocus_http_requests_total', route='/cases/:crime', method='GET', status='303') is not None)
# A histogram's buckets count up to its +Inf, which is its _count.
b = [(float('inf') if dict(k[1])['le'] == '+Inf' else float(dict(k[1])['le']), v) for k, v in series.items()
     if k[0] == 'citizenfocus_http_request_duration_seconds_bucket' and dict(k[1]).get('route') == '/login']
b.sort()
print('buckets_rise', all(b[i][1] <= b[i + 1][1] for i in range(len(b) - 1)) and len(b) == 13)
print('inf_is_count', b[-1][1] == value('citizenfocus_http_request_duration_seconds_count', route='/login', method='GET'))
print('types', types.get('citizenfocus_http_requests_total'), types.get('citizenfocus_http_request_duration_seconds'), types.get('citizenfocus_outbox_messages'))
# Resident memory, and the part of it SQLite's page caches hold (after the pages served).
rss, cache = value('process_resident_memory_bytes'), value('citizenfocus_sqlite_page_cache_bytes')
print('memory', types.get('process_resident_memory_bytes'), types.get('citizenfocus_sqlite_page_cache_bytes'),
      types.get('citizenfocus_heap_allocated_bytes'), types.get('citizenfocus_heap_free_bytes'),
      rss is not None and cache is not None and 0 < cache < rss and rss > 1e6)
print('outbox_failed', value('citizenfocus_outbox_messages', status='failed') is not None)
print('database_up', value('citizenfocus_database_up'))
print('audit_writes', (value('citizenfocus_audit_write_seconds_count') or 0) > 0)
# The log: every line one JSON object; one per request, the last /login's id the header's.
lines = [json.loads(l) for l in log.splitlines() if l.strip()]
requests = [l for l in lines if l.get('message') == 'request']
print('json_lines', all(isinstance(l, dict) and 'time' in l and 'level' in l for l in lines))
print('request_lines', len([l for l in requests if l['route'] == '/login']))
print('id_matches', any(str(l['request_id']) == req_id and l['route'] == '/login' and l['status'] == 200 for l in requests))
print('no_paths', all('path' not in l for l in requests) and 'AB/1' not in log and 'AB%2F1' not in log)
EOF
check "the metrics parse as Prometheus text and the log as JSON" "0" "$?"
parsed=$(cat "$tmp/parsed")
contains "four sign-in pages counted by route, method and status" "login_requests 4.0" "$parsed"
contains "a case route counted under its pattern" "case_route True" "$parsed"
contains "latency buckets rise to +Inf" "buckets_rise True" "$parsed"
contains "+Inf is the count" "inf_is_count True" "$parsed"
contains "counters, histograms and gauges typed" "types counter histogram gauge" "$parsed"
contains "resident memory and SQLite's page caches, as gauges" "memory gauge gauge gauge gauge True" "$parsed"
contains "the outbox backlog by status" "outbox_failed True" "$parsed"
contains "the database is up" "database_up 1.0" "$parsed"
contains "audit writes timed" "audit_writes True" "$parsed"
contains "every log line is JSON" "json_lines True" "$parsed"
contains "a line per request" "request_lines 4" "$parsed"
contains "the log's request id is the header's" "id_matches True" "$parsed"
contains "the log names routes, never paths" "no_paths True" "$parsed"
kill "$serve_pid"; wait "$serve_pid"
serve_pid=""
CF_METRICS_TOKEN="scrape-secret" "$bin" --db "$tmp/serve.db" serve --listen "127.0.0.1:$port" --threads 1 >/dev/null 2>&1 &
serve_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
check "with CF_METRICS_TOKEN, no token: 401" "401" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")"
check "a wrong one: 401" "401" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer scrape-secreT' "http://127.0.0.1:$port/metrics")"
check "the token: 200" "200" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer scrape-secret' "http://127.0.0.1:$port/metrics")"
kill "$serve_pid"; wait "$serve_pid"
serve_pid=""

# --- the chain on PostgreSQL ---
# --- personal data: retention and purge, subject access ---
cp "$tmp/clean.db" "$tmp/p.db"
dump_duties() { q "$1" "SELECT k.ref, o.n, o.person, o.duty, o.instance, o.deadline, o.met_at, o.settled, o.not_required, o.enhanced FROM obligations o JOIN crimes k ON k.id = o.case_id ORDER BY k.ref, o.n"; }
printf '[retention]\ncase_details = 0\n' > "$tmp/bad.toml"
"$bin" --db "$tmp/p.db" --config "$tmp/bad.toml" purge --dry-run --by dpo >/dev/null 2>"$tmp/err"
check "a rule of 0 months is refused" "yes" "$([ $? -ne 0 ] && echo yes)"
contains "naming the key and its range" "[retention] case_details: give the months kept after a case closes, 1 to 1200" "$(cat "$tmp/err")"
printf '[retention]\nportal = 1\nmessages = 1\ncase_details = 2\n' > "$tmp/r.toml"
"$bin" --db "$tmp/p.db" --config "$tmp/r.toml" purge --as-of 2030-01-01 --by dpo >/dev/null 2>&1
check "--as-of without --dry-run is a usage error" "2" "$?"
"$bin" --db "$tmp/p.db" --config "$tmp/r.toml" purge >/dev/null 2>&1
check "who purges must be given" "yes" "$([ $? -ne 0 ] && echo yes)"
"$bin" --db "$tmp/p.db" purge --by dpo >/dev/null 2>"$tmp/err"
check "a purge on the built-in rules, no --config, is refused" "2" "$?"
contains "saying why" "a purge needs the force's retention rules" "$(cat "$tmp/err")"
out=$("$bin" --db "$tmp/p.db" purge --dry-run --by dpo)
contains "a dry run says it is on the defaults" "the defaults: no [retention] in --config" "$out"
before=$(q "$tmp/p.db" "SELECT group_concat(body, '') FROM (SELECT body FROM events ORDER BY seq)" | sha256sum)
out=$("$bin" --db "$tmp/p.db" --config "$tmp/r.toml" purge --dry-run --by dpo)
check "purge --dry-run exits 0" "0" "$?"
contains "says what it would purge" "Would purge " "$out"
contains "and that nothing changed" "(dry run: nothing changed)" "$out"
contains "lists case details it would remove" "case_details" "$out"
check "a dry run changes no event" "$before" "$(q "$tmp/p.db" "SELECT group_concat(body, '') FROM (SELECT body FROM events ORDER BY seq)" | sha256sum)"
check "and records no purge" "0" "$(q "$tmp/p.db" "SELECT count(*) FROM purges")"
check "but is audited, once for each dry run" "2" "$(q "$tmp/p.db" "SELECT count(*) FROM audit_log WHERE action = 'planned_purge' AND user_name = 'dpo'")"
check "and no purge is audited" "0" "$(q "$tmp/p.db" "SELECT count(*) FROM audit_log WHERE action = 'purged_personal_data'")"
cp "$tmp/p.db" "$tmp/p-before.db"
duties=$(dump_duties "$tmp/p.db" | sha256sum)
out=$("$bin" --db "$tmp/p.db" --config "$tmp/r.toml" purge --by dpo)
check "purge exits 0" "0" "$?"
purged=$(q "$tmp/p.db" "SELECT count(*) FROM purges WHERE kind = 'case_details'")
check "case details were purged" "yes" "$([ "$purged" -gt 0 ] && echo yes)"
# An email address that only purged cases held.
email=$(q "$tmp/p.db" "ATTACH '$tmp/p-before.db' AS b; SELECT em FROM (SELECT json_extract(e.body, '$.contact.email') AS em, k.ref AS ref FROM b.events e JOIN b.crimes k ON k.id = e.case_id WHERE json_extract(e.body, '$.contact.email') IS NOT NULL) GROUP BY em HAVING sum(ref NOT IN (SELECT crime FROM main.purges WHERE kind = 'case_details')) = 0 ORDER BY em LIMIT 1")
check "a purged case's person had an email" "yes" "$([ -n "$email" ] && echo yes)"
check "every duty is as it was" "$duties" "$(dump_duties "$tmp/p.db" | sha256sum)"
check "no purged event keeps a name, contact or date of birth" "0" "$(q "$tmp/p.db" "SELECT count(*) FROM events e JOIN crimes k ON k.id = e.case_id JOIN purges p ON p.crime = k.ref AND p.kind = 'case_details' WHERE json_extract(e.body, '$.name') IS NOT NULL OR json_extract(e.body, '$.contact') IS NOT NULL OR e.body LIKE '%@%'")"
check "no purged person has a name on screen" "0" "$(q "$tmp/p.db" "SELECT count(*) FROM people p JOIN crimes k ON k.id = p.case_id JOIN purges u ON u.crime = k.ref AND u.kind = 'case_details' WHERE p.display_name <> '' OR p.postcode <> ''")"
check "a purged event's hash says so, and no longer the line's" "0" "$(q "$tmp/p.db" "SELECT count(*) FROM events e JOIN crimes k ON k.id = e.case_id JOIN purges p ON p.crime = k.ref AND p.kind = 'case_details' WHERE e.type = 'person.added' AND e.content_hash <> 'purged'")"
check "the email is gone from the store" "0" "$(q "$tmp/p.db" "SELECT (SELECT count(*) FROM events WHERE body LIKE '%$email%') + (SELECT count(*) FROM people WHERE search_text LIKE '%' || lower('$email') || '%') + (SELECT count(*) FROM outbox WHERE recipient = '$email')")"
check "each purge is audited" "$(q "$tmp/p.db" "SELECT count(*) FROM purges")" "$(q "$tmp/p.db" "SELECT count(*) FROM audit_log WHERE action = 'purged_personal_data'")"
"$bin" --db "$tmp/p.db" audit verify >/dev/null; check "the audit log is whole after a purge" "0" "$?"
out=$("$bin" --db "$tmp/p.db" --config "$tmp/r.toml" purge --by dpo)
contains "a second purge has nothing to do" "Purged 0 kinds of record from 0 of" "$out"
"$bin" --db "$tmp/p.db" subject-access --email "$email" --by dpo >/dev/null 2>"$tmp/err"
check "a purged person is no longer found: exit 1" "1" "$?"
contains "saying nothing is held" "nothing is held on such a person" "$(cat "$tmp/err")"

open_email=$(q "$tmp/p.db" "SELECT json_extract(e.body, '$.contact.email') FROM events e JOIN cases c ON c.id = e.case_id WHERE c.closed = 0 AND e.type = 'person.added' AND json_extract(e.body, '$.contact.email') IS NOT NULL ORDER BY e.seq LIMIT 1")
"$bin" --db "$tmp/p.db" subject-access --email "$open_email" --by dpo --out "$tmp/sar.json" 2>"$tmp/err"
check "subject-access exits 0" "0" "$?"
check "the export is readable by its owner alone" "600" "$(stat -c %a "$tmp/sar.json")"
check "every person in it has that email" "ok" "$(python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
people = doc["people"]
ok = people and all(p["details_held"].get("email", "").lower() == sys.argv[2].lower() and p["events"] and p["duties"] is not None for p in people)
print("ok" if ok else doc)' "$tmp/sar.json" "$open_email")"
check "the export is audited" "yes" "$([ "$(q "$tmp/p.db" "SELECT count(*) FROM audit_log WHERE action = 'subject_access_export'")" -ge 1 ] && echo yes)"
"$bin" --db "$tmp/p.db" subject-access --email "$open_email" --by dpo --out "$tmp/sar.json" >/dev/null 2>&1
check "an existing file is never overwritten" "2" "$?"
"$bin" --db "$tmp/p.db" subject-access --email "$open_email" >/dev/null 2>&1
check "who asks must be given" "yes" "$([ $? -ne 0 ] && echo yes)"
"$bin" --db "$tmp/p.db" subject-access --crime X/1 --by dpo >/dev/null 2>&1
check "a crime without a person is a usage error" "2" "$?"

if [ -n "${CF_TEST_POSTGRESQL:-}" ]; then
  schema="operations_$$"
  psql_do() { psql -X -q -v ON_ERROR_STOP=1 "$CF_TEST_POSTGRESQL" -c "$1"; }
  psql_do "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null 2>&1
  sep='?'
  [[ "$CF_TEST_POSTGRESQL" == *\?* ]] && sep='&'
  pg="$CF_TEST_POSTGRESQL${sep}options=-csearch_path%3D$schema"
  "$bin" migrate-db --from "$tmp/clean.db" --to "$pg" >/dev/null 2>&1
  "$bin" --db "$pg" token create --user sgt.n1 >/dev/null
  out=$("$bin" --db "$pg" audit verify); check "PostgreSQL: a copied and added-to log is whole" "0" "$?"
  contains "PostgreSQL: every record" "whole: $((n + 1)) records" "$out"
  psql_do "UPDATE $schema.audit_log SET user_name = 'someone else' WHERE id = 2" >/dev/null
  out=$("$bin" --db "$pg" audit verify); check "PostgreSQL: an edited record: exit 1" "1" "$?"
  contains "PostgreSQL: named" "First broken: record #2 " "$out"
  psql_do "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
else
  echo "(CF_TEST_POSTGRESQL not set: the PostgreSQL checks were not run)"
fi

finish operations_test
