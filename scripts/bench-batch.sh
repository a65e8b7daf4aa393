#!/usr/bin/env bash
# Benchmark of the batch commands: builds the release binary, generates N synthetic reports per
# input format through gongkai's own writers, and times `convert --to json` (which reads,
# recognises and checks every report) and `collect` over them, with peak memory (RSS).
#
# Usage: scripts/bench-batch.sh [N ...]        (default: 100 2000)
#   JOBS=2 scripts/bench-batch.sh 100          (-j for gongkai; default: 2)
#   KEEP=1 ...                                 (keep the work folder and print where it is)
#   BIN=path/to/gongkai ...                    (time this binary instead of building one)
#
# Inputs: text reports made from the bundled sample (samples/zhangdian-2023.orig.gbk.txt) with
# the organ renamed and every table number multiplied by the report's index (still consistent:
# the rules are sums), then gongkai's JSON, and Word/Excel when `gongkai convert --to docx|xlsx`
# works and gongkai reads the result back.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100 2000)
JOBS=${JOBS:-2}

if [ -n "${BIN:-}" ]; then
  echo "using $BIN (not rebuilt)" >&2
else
  cargo build --release --quiet
  BIN=$PWD/target/release/gongkai
fi

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (for peak memory)…" >&2
  apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

WORK=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "work folder: $WORK" >&2; fi

SEED=$WORK/seed.utf8.txt
iconv -f GB18030 -t UTF-8 samples/zhangdian-2023.orig.gbk.txt >"$SEED"

# gen_text N DIR: N text reports in DIR, r0000.txt …
gen_text() {
  mkdir -p "$2"
  perl -CSD -Mutf8 -e '
    my ($n, $dir, $seed) = @ARGV;
    open my $fh, "<:encoding(UTF-8)", $seed or die; local $/; my $text = <$fh>; close $fh;
    for my $i (0 .. $n - 1) {
      my $k = $i + 1; my $t = $text;
      $t =~ s/山东张店经济开发区管理委员会/sprintf("合成单位%04d", $i)/ge;
      $t =~ s/^([ \t]*)(\d+)([ \t]*\r?)$/$1 . ($2 * $k) . $3/gem;
      open my $out, ">:encoding(UTF-8)", sprintf("%s/r%04d.txt", $dir, $i) or die;
      print $out $t; close $out;
    }' "$1" "$2" "$SEED"
}

# Which formats gongkai can write and read back now.
PROBE=$WORK/probe
gen_text 1 "$PROBE/txt"
FORMATS=(txt json)
for f in docx xlsx; do
  if "$BIN" convert "$PROBE/txt/r0000.txt" --to "$f" -o "$PROBE/r.$f" >/dev/null 2>&1 \
     && "$BIN" check "$PROBE/r.$f" >/dev/null 2>&1; then
    FORMATS+=("$f")
  else
    echo "note: $f inputs skipped (gongkai cannot write and read back $f yet)" >&2
  fi
done

# measure LABEL CMD... → prints seconds, reports/s, peak RSS
RESULTS=$WORK/results.tsv
printf 'N\tinput\tcommand\tseconds\treports/s\tCPU s\treports/CPU-s\tpeak RSS (MiB)\texit\n' >"$RESULTS"
measure() {
  local n=$1 input=$2 what=$3; shift 3
  local start end rc=0
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || rc=$?
  end=$(date +%s.%N)
  local rss secs rate cpu cpurate
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/time.txt")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$WORK/time.txt")
  secs=$(echo "$end - $start" | bc -l)
  rate=$(echo "$n / $secs" | bc -l)
  cpurate=$(echo "$n / ($cpu + 0.001)" | bc -l)
  printf '%s\t%s\t%s\t%.2f\t%.0f\t%s\t%.0f\t%s\t%s\n' "$n" "$input" "$what" "$secs" "$rate" "$cpu" "$cpurate" "$rss" "$rc" >>"$RESULTS"
  if [ "$rc" -ge 2 ]; then
    echo "warning: $what over $n $input exited $rc:" >&2
    tail -5 "$WORK/stderr.txt" >&2
  fi
}

# Until gongkai writes Word files, time the Word reader on copies of the bundled .docx samples.
DOCX_SAMPLES=(samples/*.docx)
if [[ " ${FORMATS[*]} " != *" docx "* && -e "${DOCX_SAMPLES[0]}" ]]; then
  FORMATS+=(docx-copies)
  echo "note: docx-copies = copies of ${DOCX_SAMPLES[*]} (same content, real Word files)" >&2
fi

for n in "${SIZES[@]}"; do
  D=$WORK/n$n
  gen_text "$n" "$D/in/txt"
  if [[ " ${FORMATS[*]} " == *" docx-copies "* ]]; then
    mkdir -p "$D/in/docx-copies"
    for ((i = 0; i < n; i++)); do
      cp "${DOCX_SAMPLES[$((i % ${#DOCX_SAMPLES[@]}))]}" "$(printf '%s/in/docx-copies/r%04d.docx' "$D" "$i")"
    done
  fi
  for f in "${FORMATS[@]}"; do
    [ "$f" = txt ] || [ "$f" = docx-copies ] && continue
    "$BIN" convert "$D/in/txt" --to "$f" -o "$D/in/$f" -j "$JOBS" 2>/dev/null || true
  done
  for f in "${FORMATS[@]}"; do
    measure "$n" "$f" "convert --to json" "$BIN" convert "$D/in/$f" --to json -o "$D/out/$f" -j "$JOBS"
    measure "$n" "$f" "collect .csv" "$BIN" collect "$D/in/$f" -o "$D/out/$f.csv" -j "$JOBS"
    measure "$n" "$f" "collect .xlsx" "$BIN" collect "$D/in/$f" -o "$D/out/$f.xlsx" -j "$JOBS"
  done
  rm -rf "$D"
done

echo "gongkai batch benchmark, -j $JOBS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "(reports/CPU-s: reports per second of CPU time, user + system, summed over threads)"
column -t -s $'\t' "$RESULTS"
