# Sourced by the shell tests (cli_test.sh, migrate_db_test.sh, operations_test.sh,
# package_test.sh): each check counts as passed or failed and prints what differed; the test
# ends with `finish NAME`, which exits non-zero if any failed.
passed=0
failed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
  fi
}
contains() {  # contains NAME NEEDLE HAYSTACK
  if [[ "$3" == *"$2"* ]]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); printf 'FAIL %s\n  missing: %s\n  in: %s\n' "$1" "$2" "$3"; fi
}
# Every row of every table of an SQLite file (but schema_migrations) as sqlite3 quotes it,
# sorted: two stores print the same text exactly when they hold the same rows.
rows() {
  for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name"); do
    echo "== $t"
    sqlite3 -batch "$1" ".mode quote" "SELECT * FROM $t" | LC_ALL=C sort
  done
}
finish() {  # finish NAME
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
# A loopback port no one listens on, below the kernel's range for outgoing connections (from
# 32768): a random port in that range can be an outgoing connection's (another test's, to
# PostgreSQL, say), and a server told to listen on it exits at once.
free_port() {
  /usr/bin/python3 - <<'PY'
import random, socket
for _ in range(200):
    port = random.randint(20000, 32000)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
PY
}
# The store a test keeps as NAME: on SQLite (the default) the file DIR/NAME.db; with
# CF_TEST_BACKEND=postgresql (tests/CMakeLists.txt runs the shell suites a second time so) a
# fresh schema of its own on the server CF_TEST_POSTGRESQL names, as its --db URL. The schemas
# stay with the throwaway cluster scripts/test removes.
test_store() {  # test_store DIR NAME
  if [ "${CF_TEST_BACKEND:-sqlite}" != postgresql ]; then
    echo "$1/$2.db"
    return
  fi
  if [ -z "${CF_TEST_POSTGRESQL:-}" ]; then
    # ctest's SKIP_REGULAR_EXPRESSION matches this: no server named, nothing to run on.
    echo "CF_TEST_BACKEND=postgresql without CF_TEST_POSTGRESQL (scripts/test sets it)" >&2
    return 1
  fi
  local schema="s$$_$(echo "$2" | tr -cd 'a-z0-9')"
  psql -X -q -v ON_ERROR_STOP=1 -d "$CF_TEST_POSTGRESQL" \
    -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >&2 || return 1
  local sep='?'
  [[ "$CF_TEST_POSTGRESQL" == *\?* ]] && sep='&'
  echo "$CF_TEST_POSTGRESQL${sep}options=-csearch_path%3D$schema&application_name=$schema"
}
# The rows SQL gives on the store DB (a file or a URL), `a|b` a row, as sqlite3 prints them.
q() {  # q DB SQL
  case "$1" in
    postgresql://* | postgres://*) psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$1" -c "$2" ;;
    *) sqlite3 -batch "$1" "$2" ;;
  esac
}
