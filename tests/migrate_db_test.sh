#!/usr/bin/env bash
# migrate-db (issue 18): a demo force's SQLite store copied to PostgreSQL and back leaves every
# table identical, as sqlite3 itself reads them (not the command's own checksums); a non-empty
# target is refused; a copy that stopped part way is finished with --resume; a target that
# differs is reported table by table.
# Usage: migrate_db_test.sh BINARY (CF_TEST_POSTGRESQL names the server; exit 77 without it)
set -u
bin="$1"
if [ -z "${CF_TEST_POSTGRESQL:-}" ]; then
  echo "CF_TEST_POSTGRESQL is not set: no PostgreSQL server to run on (scripts/test starts one)"
  exit 77
fi
tmp=$(mktemp -d)
schema="migrate_db_$$"
psql_do() { psql -X -q -v ON_ERROR_STOP=1 "$CF_TEST_POSTGRESQL" -c "$1"; }
trap 'rm -rf "$tmp"; psql_do "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1' EXIT
psql_do "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null 2>&1
sep='?'
[[ "$CF_TEST_POSTGRESQL" == *\?* ]] && sep='&'
pg="$CF_TEST_POSTGRESQL${sep}options=-csearch_path%3D$schema"
# shellcheck source=support/checks.sh
source "$(dirname "$0")/support/checks.sh"

"$bin" --db "$tmp/a.db" demo --crimes 80 --password demo-password-2024 >/dev/null 2>"$tmp/demo.err"
check "demo store made" "0" "$?"

"$bin" migrate-db --from "$tmp/a.db" --to "$pg" >"$tmp/to-pg.out" 2>"$tmp/to-pg.err"
check "SQLite to PostgreSQL exits 0" "0" "$?"
contains "and says it verified every table" "Verified: " "$(cat "$tmp/to-pg.out")"
contains "naming the events table with its rows" "events" "$(cat "$tmp/to-pg.out")"

"$bin" migrate-db --from "$tmp/a.db" --to "$pg" >/dev/null 2>"$tmp/again.err"
check "a target holding data is refused" "74" "$?"
contains "saying so and how to go on" "already holds data" "$(cat "$tmp/again.err")"

"$bin" migrate-db --from "$pg" --to "$tmp/b.db" >"$tmp/back.out" 2>"$tmp/back.err"
check "PostgreSQL back to SQLite exits 0" "0" "$?"
contains "verified" "Verified: " "$(cat "$tmp/back.out")"

rows "$tmp/a.db" >"$tmp/a.rows"
rows "$tmp/b.db" >"$tmp/b.rows"
check "the round trip leaves every row of every table as it was" "" \
  "$(diff "$tmp/a.rows" "$tmp/b.rows" | head -5)"
# (by name: an import that rebuilt the derived tables' indexes lists them later in the file)
schema_sql="SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
check "and the same schema" "$(sqlite3 "$tmp/a.db" "$schema_sql")" "$(sqlite3 "$tmp/b.db" "$schema_sql")"
events=$(sqlite3 "$tmp/a.db" "SELECT count(*) FROM events")
[ "$events" -gt 500 ]; check "with a real store behind it ($events events)" "0" "$?"

# A copy cut off part way: half the events and audit records missing from the target.
psql_do "SET search_path = $schema; DELETE FROM events WHERE seq > (SELECT max(seq) / 2 FROM events); DELETE FROM audit_log WHERE id % 2 = 0" >/dev/null
"$bin" migrate-db --from "$tmp/a.db" --to "$pg" --resume >"$tmp/resume.out" 2>&1
check "--resume finishes it" "0" "$?"
contains "verified" "Verified: " "$(cat "$tmp/resume.out")"
copied=$(awk '$1 == "events" { print $3 }' "$tmp/resume.out")
[ "${copied:-0}" -gt 0 ] && [ "$copied" -lt "$events" ]
check "writing only the missing events ($copied of $events)" "0" "$?"

# A target that holds a row the source does not: reported, exit 1.
psql_do "SET search_path = $schema; UPDATE settings SET value = value || '!' WHERE key = (SELECT min(key) FROM settings)" >/dev/null
"$bin" migrate-db --from "$tmp/a.db" --to "$pg" --resume >"$tmp/differs.out" 2>&1
check "a changed row fails the verification" "1" "$?"
contains "naming the table" "settings" "$(grep DIFFERS "$tmp/differs.out")"

"$bin" migrate-db --from "$tmp/a.db" --to "$tmp/a.db" >/dev/null 2>&1
check "a store onto itself is a usage error" "2" "$?"

finish migrate_db_test
