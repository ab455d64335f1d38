#!/usr/bin/env bash
# Import and recompute figures (issue 14), each beside its anchor measured in the same run:
# - data.police.uk import (the real shared files) against sqlite3 .import of the same files into
#   bare tables (target >= 0.3), and against sqlite3 .import of its own output: the stored
#   imports, crimes, events, cases, people and obligations dumped to CSV and loaded into an
#   empty store with the same schema and indexes (target >= 0.5: the cost of the writes we
#   must make);
# - JSON Lines import of about EVENTS generated events into an empty store (target >= 100,000
#   events/s), beside the reader validating the same file with no store behind it;
# - peak memory importing a generated file of BIG_MB megabytes (target < 1 GB for 2 GB), then
#   recompute of the cases that store holds (target >= 25,000 cases/s on two cores);
# - database size per event for each store.
# Seeded: the same inputs every run. Usage: bench/import_bench.sh [events=1000000] [big_mb=2048]
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-1000000}"
big_mb="${2:-2048}"
bin=build/citizenfocus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
per_s() { echo $(( $1 * 1000 / ($2 + 1) )); }
bytes_per_event() { echo $(( $(stat -c %s "$1") / $(sqlite3 "$1" "SELECT count(*) FROM events") )); }

echo "== data.police.uk import (tests/data/police-uk, the real shared files)"
street=(tests/data/police-uk/*-street.csv)
outcomes=(tests/data/police-uk/*-outcomes.csv)
rows=0
for f in "${street[@]}" "${outcomes[@]}"; do rows=$((rows + $(wc -l <"$f") - 1)); done
t=$(date +%s%N)
$bin --db "$tmp/pu.db" import-police-uk --street "${street[@]}" --outcomes "${outcomes[@]}" >/dev/null
ours=$(ms "$t")
t=$(date +%s%N)
# A new table per file, its columns named by the header: a bare load of the same rows.
for f in "${street[@]}" "${outcomes[@]}"; do
  sqlite3 "$tmp/bare.db" ".import --csv $f t_$(basename "$f" .csv | tr -c 'a-z0-9\n' '_')" 2>/dev/null
done
bare=$(ms "$t")
# Our own output, loaded by sqlite3 into an empty store: the same schema, indexes and rows.
sqlite3 "$tmp/pu.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
tables=(imports crimes events cases people obligations)
for table in "${tables[@]}"; do sqlite3 -csv "$tmp/pu.db" "SELECT * FROM $table" >"$tmp/$table.csv"; done
$bin --db "$tmp/own.db" settings >/dev/null
t=$(date +%s%N)
for table in "${tables[@]}"; do sqlite3 "$tmp/own.db" ".import --csv $tmp/$table.csv $table"; done
own=$(ms "$t")
[[ $(sqlite3 "$tmp/own.db" "SELECT count(*) FROM obligations") == $(sqlite3 "$tmp/pu.db" "SELECT count(*) FROM obligations") ]] ||
  { echo "own-output load lost rows" >&2; exit 1; }
echo "citizenfocus import-police-uk: $rows rows in $ours ms = $(per_s "$rows" "$ours") rows/s (validating, logging JSON events, deriving obligations); $(bytes_per_event "$tmp/pu.db") bytes per event stored"
echo "sqlite3 .import, bare tables:  $rows rows in $bare ms = $(per_s "$rows" "$bare") rows/s"
echo "  ratio: $(echo "scale=3; $bare / $ours" | bc) of sqlite3's speed (target >= 0.3)"
echo "sqlite3 .import of our output: $rows rows in $own ms ($(wc -c <"$tmp/events.csv") bytes of events, $(wc -l <"$tmp/obligations.csv") obligations)"
echo "  ratio: $(echo "scale=3; $own / $ours" | bc) of the cost of the writes we must make (target >= 0.5)"

echo "== JSON Lines import, an empty store"
crimes=$(( events * 100 / 947 ))  # the generator makes about 9.47 events per crime
$bin generate --seed 14 --crimes "$crimes" --to 2025-06-30 --units 40 -o "$tmp/force.jsonl"
lines=$(wc -l <"$tmp/force.jsonl")
build/bench/reader_bench "$tmp/force.jsonl"
t=$(date +%s%N)
/usr/bin/time -f "%M" -o "$tmp/mem" $bin --db "$tmp/j.db" import "$tmp/force.jsonl" >/dev/null
took=$(ms "$t")
echo "citizenfocus import: $lines events in $took ms = $(per_s "$lines" "$took") events/s (target >= 100,000); peak memory $(( $(cat "$tmp/mem") / 1024 )) MB; $(bytes_per_event "$tmp/j.db") bytes per event stored"
rm -f "$tmp"/j.db* "$tmp/force.jsonl"

echo "== a ${big_mb} MB file: peak memory, then recompute of its cases"
$bin generate --seed 15 --crimes $(( big_mb * 1024 * 1024 / 1760 )) --to 2025-06-30 --units 40 -o "$tmp/big.jsonl"
big_lines=$(wc -l <"$tmp/big.jsonl")
t=$(date +%s%N)
/usr/bin/time -f "%M" -o "$tmp/mem" $bin --db "$tmp/big.db" import "$tmp/big.jsonl" >/dev/null
took=$(ms "$t")
echo "citizenfocus import: $(( $(stat -c %s "$tmp/big.jsonl") / 1048576 )) MB, $big_lines events in $took ms = $(per_s "$big_lines" "$took") events/s; peak memory $(( $(cat "$tmp/mem") / 1024 )) MB (target < 1024); $(bytes_per_event "$tmp/big.db") bytes per event stored"
rm -f "$tmp/big.jsonl"
cases=$(sqlite3 "$tmp/big.db" "SELECT count(*) FROM cases")
for threads in 0 $(( $(nproc) - 1 )); do
  t=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$tmp/mem" $bin --db "$tmp/big.db" recompute --threads "$threads" >/dev/null
  took=$(ms "$t")
  echo "recompute, $threads deriving thread(s) (0: all on one): $cases cases in $took ms = $(per_s "$cases" "$took") cases/s (target >= 25,000 on two cores); peak memory $(( $(cat "$tmp/mem") / 1024 )) MB"
done
