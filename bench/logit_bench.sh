#!/usr/bin/env bash
# Key driver analysis on 100,000 responses x 20 drivers (seeded), beside statsmodels' Logit on
# the same table in the same run: the fit alone (median of five) on each side, the results
# compared (target: at least 5x faster, the same results to 1e-6), and the whole command
# `citizenfocus stats logit` (reading the CSV) timed too.
# Usage: bench/logit_bench.sh [rows=100000] [drivers=20]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000}"
drivers="${2:-20}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 bench/logit_bench.py make "$tmp/table.csv" "$rows" "$drivers"
ours=$(build/bench/logit_bench "$tmp/table.csv" "$tmp/ours.csv")
theirs=$(/usr/bin/python3 bench/logit_bench.py fit "$tmp/table.csv" "$tmp/ours.csv")
echo "$ours"
echo "$theirs"
start=$(date +%s.%N)
build/citizenfocus stats logit "$tmp/table.csv" --outcome satisfied >"$tmp/cli.csv"
end=$(date +%s.%N)
echo "stats logit command (reading the CSV, fitting, writing): $(echo "$end - $start" | bc) s"
fit_ms=$(sed -n 's/^citizenfocus_fit_ms //p' <<<"$ours")
anchor_ms=$(sed -n 's/^statsmodels_fit_ms //p' <<<"$theirs")
echo "key driver analysis, ${rows} x ${drivers}: ${fit_ms} ms beside statsmodels ${anchor_ms} ms:" \
  "$(echo "scale=1; $anchor_ms / $fit_ms" | bc)x faster (target: at least 5x)"
