#!/usr/bin/env bash
# Self-assessment reports on a demo force (seeded): how long one report takes in each format,
# live evidence (a scan of the last 90 days' cases, compliance and the audit log) included.
# Usage: bench/assess_bench.sh [crimes=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20000}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build/citizenfocus --db "$tmp/d.db" demo --seed 2024 --crimes "$n" --password "a bench password 1" >/dev/null
obligations=$(sqlite3 "$tmp/d.db" "SELECT count(*) FROM obligations")
echo "demo force: $n crimes, $obligations obligations"
for format in json csv svg xlsx pdf; do
  best=""
  for _ in 1 2 3; do
    t=$(date +%s%N)
    build/citizenfocus --db "$tmp/d.db" assess report --id 2 --compare 1 --format "$format" -o "$tmp/r.$format" >/dev/null
    ms=$(( ($(date +%s%N) - t) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "assess report --format $format: best of 3 ${best} ms ($(stat -c %s "$tmp/r.$format") bytes)"
done
