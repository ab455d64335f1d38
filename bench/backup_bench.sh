#!/usr/bin/env bash
# Recovery time (docs/operations.md): `backup` and `restore` of a store of N synthetic crimes
# (seeded), beside sqlite3's own `.backup` of the same store in the same run (the anchor: a
# page copy with no checks). That a backup taken during an import holds it whole or not at
# all is tests/operations_test.sh's to show.
# Usage: bench/backup_bench.sh [crimes=20000] [BINARY=build/citizenfocus]
set -euo pipefail
cd "$(dirname "$0")/.."
crimes="${1:-20000}"
bin="${2:-build/citizenfocus}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seconds() { local s; s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc; }
"$bin" generate --seed 19 --crimes "$crimes" -o "$tmp/force.jsonl" >/dev/null
"$bin" --db "$tmp/store.db" import "$tmp/force.jsonl" >/dev/null
"$bin" --db "$tmp/store.db" recompute >/dev/null
events=$(sqlite3 "$tmp/store.db" "SELECT count(*) FROM events")
size=$(du -m "$tmp/store.db" | cut -f1)
anchor=$(seconds sqlite3 "$tmp/store.db" ".backup '$tmp/anchor.db'")
backup=$(seconds "$bin" --db "$tmp/store.db" backup --to "$tmp/store.backup")
fresh=$(seconds "$bin" --db "$tmp/fresh.db" restore --from "$tmp/store.backup")
over=$(seconds "$bin" --db "$tmp/store.db" restore --from "$tmp/store.backup")
echo "store: $crimes crimes, $events events, $size MB"
printf 'sqlite3 .backup (anchor, no checks):       %6.2f s\n' "$anchor"
printf 'citizenfocus backup (verified):            %6.2f s  (%.1fx the anchor)\n' "$backup" "$(echo "$backup / $anchor" | bc -l)"
printf 'citizenfocus restore into a new store:     %6.2f s\n' "$fresh"
printf 'citizenfocus restore over this store:      %6.2f s  (the old one kept beside it first)\n' "$over"
