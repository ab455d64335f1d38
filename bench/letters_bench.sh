#!/usr/bin/env bash
# 10,000 personalised letters to PDF: Citizen Focus (Cairo and Pango) beside LibreOffice
# headless converting the same letters (as HTML, one PDF each), in the same run.
# Usage: bench/letters_bench.sh [letters=10000]   (needs libreoffice-writer-nogui: bench/run installs it)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ours=$(build/bench/letters_bench "$tmp" "$n")
echo "$ours" | grep -v '^ours_seconds='
ours_s=$(echo "$ours" | sed -n 's/^ours_seconds=//p')
mkdir -p "$tmp/lo" "$tmp/profile"
start=$(date +%s.%N)
# In batches; each soffice run must be gone before the next starts (a second soffice hands its
# files to a still-closing first one, which then drops them). Missing files get one more try.
convert() {
  xargs -n 250 sh -c 'soffice -env:UserInstallation="file://'"$tmp"'/profile" --headless --convert-to pdf \
    --outdir "'"$tmp"'/lo" "$@" >/dev/null 2>&1; while pgrep -x soffice.bin >/dev/null; do sleep 0.05; done' sh
}
(cd "$tmp/html" && ls | convert)
(cd "$tmp/html" && for f in *.html; do [ -e "$tmp/lo/${f%.html}.pdf" ] || echo "$f"; done | convert)
end=$(date +%s.%N)
lo_s=$(echo "$end - $start" | bc)
made=$(ls "$tmp/lo" | wc -l)
echo "LibreOffice headless: $made of $n letters to PDFs in ${lo_s} s ($(echo "scale=0; $made / $lo_s" | bc) letters/s)"
echo "ratio: Citizen Focus is $(echo "scale=1; $lo_s / $ours_s" | bc)x LibreOffice's speed"
