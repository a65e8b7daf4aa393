#!/usr/bin/env bash
# Times the PDF reader against the tools researchers use, same run, same file, and prints ratios.
#
#   scripts/bench-pdf.sh                       # samples/zhangdian-2023.lo.pdf, 20 runs
#   BENCH_RUNS=50 scripts/bench-pdf.sh some.pdf
#
# gongkai `convert X.pdf --to json` (read + recognise + check + write) against
#   pdftotext -layout X.pdf   (poppler, C++; apt: poppler-utils)
#   Python pdfplumber: open + extract_tables() on every page (pip: pdfplumber)
# gongkai exits 1 when the report has findings, so failures are ignored (-i). Each anchor is skipped with a note when it is not installed. Timing: hyperfine when present
# (apt: hyperfine), else a shell loop of BENCH_RUNS runs; the ratios are of mean wall times.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
file="$(realpath "${1:-$repo/samples/zhangdian-2023.lo.pdf}")"
runs="${BENCH_RUNS:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
note() { printf '  note: %s\n' "$*" >&2; }

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$repo" && cargo build --release --quiet) || { echo "release build failed" >&2; exit 1; }
gk="$repo/target/release/gongkai"

cat >"$work/plumber.py" <<'PY'
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
PY

names=(gongkai); cmds=("$gk convert '$file' --to json --force -o '$work/out.json'")
if command -v pdftotext >/dev/null; then
  names+=(pdftotext); cmds+=("pdftotext -layout '$file' '$work/out.txt'")
else note "pdftotext not installed (apt: poppler-utils): skipped"; fi
if python3 -c 'import pdfplumber' 2>/dev/null; then
  names+=(pdfplumber); cmds+=("python3 '$work/plumber.py' '$file'")
else note "Python pdfplumber not installed (pip install pdfplumber): skipped"; fi

declare -A mean
if command -v hyperfine >/dev/null; then
  hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$work/h.json" "${cmds[@]}" >/dev/null 2>&1 ||
    hyperfine -i --warmup 2 --runs "$runs" --export-json "$work/h.json" "${cmds[@]}" >/dev/null
  for i in "${!names[@]}"; do
    mean[${names[$i]}]=$(python3 -c "import json;print(json.load(open('$work/h.json'))['results'][$i]['mean'])")
  done
else
  note "hyperfine not installed (apt: hyperfine): shell loop"
  for i in "${!names[@]}"; do
    start=$(date +%s.%N)
    for _ in $(seq "$runs"); do bash -c "${cmds[$i]}" >/dev/null 2>&1; done
    mean[${names[$i]}]=$(echo "($(date +%s.%N) - $start) / $runs" | bc -l)
  done
fi

echo "== $(basename "$file"), mean of $runs runs"
for n in "${names[@]}"; do printf '  %-11s %8.1f ms\n' "$n" "$(echo "${mean[$n]} * 1000" | bc -l)"; done
g=${mean[gongkai]}
[ -n "${mean[pdftotext]:-}" ] && printf '  gongkai / pdftotext  = %.2f  (target ≤ 2)\n' "$(echo "$g / ${mean[pdftotext]}" | bc -l)"
[ -n "${mean[pdfplumber]:-}" ] && printf '  pdfplumber / gongkai = %.1f  (target ≥ 20)\n' "$(echo "${mean[pdfplumber]} / $g" | bc -l)"
exit 0
