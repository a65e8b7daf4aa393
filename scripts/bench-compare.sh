#!/usr/bin/env bash
# Times gongkai against the tools people use today, same run, same files, and prints ratios.
#
#   scripts/bench-compare.sh            # installs what is missing when it can (root + apt/pip)
#   BENCH_RUNS=20 scripts/bench-compare.sh
#   BENCH_NO_INSTALL=1 scripts/bench-compare.sh   # only what is installed; skips the rest
#
# gongkai: import + check + export (`convert --to json,docx,xlsx`, or the subset of writers that
# work in this build). Anchors, each skipped with a note when it cannot be had:
#   pandoc      docx → json                      (apt: pandoc)
#   python-docx text of paragraphs and cells     (pip: python-docx)
#   LibreOffice headless conversion to text/csv  (soffice, if installed)
# Timing: hyperfine when present (apt: hyperfine), else a shell loop.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${GONGKAI_SHARED:-$repo/../shared}"
[ -d "$shared" ] || shared=/work/shared
runs="${BENCH_RUNS:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

note() { printf '  note: %s\n' "$*" >&2; }

try_install() { # try_install COMMAND APT_PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  [ -n "${BENCH_NO_INSTALL:-}" ] && return 1
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get install -y -qq "$2" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$2" >/dev/null 2>&1; }) || true
  fi
  command -v "$1" >/dev/null 2>&1
}

echo "== machine"
echo "  $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== building gongkai (release)"
(cd "$repo" && cargo build --release --quiet) || { echo "release build failed" >&2; exit 1; }
gk="$repo/target/release/gongkai"

# ------------------------------------------------------------------ the files
find_sample() { # find_sample NAME: first existing copy
  local f
  for f in "$repo/samples/$1" "$shared/samples/$1"; do
    [ -f "$f" ] && { echo "$f"; return 0; }
  done
  return 1
}
docx="$(find_sample zhangdian-2023.lo.docx)"
if [ -z "$docx" ]; then
  odt="$(find_sample zhangdian-2023.lo.odt)"
  if [ -n "$odt" ] && command -v soffice >/dev/null 2>&1; then
    soffice --headless --convert-to docx --outdir "$work" "$odt" >/dev/null 2>&1
    [ -f "$work/zhangdian-2023.lo.docx" ] && docx="$work/zhangdian-2023.lo.docx"
  fi
fi
[ -n "$docx" ] || { echo "no seed docx (samples/zhangdian-2023.lo.docx) and no soffice to make one" >&2; exit 1; }
xlsx="$(find_sample zhangdian-2023.lo.xlsx)"
text="$(find_sample zhangdian-2023.orig.gbk.txt)"
cp "$docx" "$work/seed.docx"
[ -n "$xlsx" ] && cp "$xlsx" "$work/seed.xlsx"
[ -n "$text" ] && cp "$text" "$work/seed.txt"
echo "== files"
for f in "$work"/seed.*; do echo "  $(basename "$f")  $(stat -c %s "$f") bytes  (from ${docx%/*})"; done

# Which writers work in this build: the first format list that converts the seed docx.
# With one input and one format, -o names the output file; otherwise a folder.
out_for() { case "$1" in *,*) echo "$work/out" ;; *) echo "$work/out/seed.$1" ;; esac; }
formats=""
mkdir -p "$work/out"
for candidate in json,docx,xlsx json,docx json,xlsx json; do
  "$gk" convert "$work/seed.docx" --to "$candidate" -o "$(out_for "$candidate")" >/dev/null 2>&1
  rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
    formats="$candidate"
    break
  fi
done
if [ -z "$formats" ]; then
  echo "gongkai cannot convert the seed docx in this build:" >&2
  "$gk" convert "$work/seed.docx" --to json -o "$work/out/seed.json" >&2
  exit 1
fi
[ "$formats" = json,docx,xlsx ] || note "only --to $formats works in this build (writers missing)"
mkdir -p "$work/out"

# ------------------------------------------------------------------ anchors
have_pandoc=0; have_pydocx=0; have_soffice=0; have_hyperfine=0
try_install pandoc pandoc && have_pandoc=1 || note "pandoc not installed: anchor skipped"
if python3 -c 'import docx' 2>/dev/null ||
  { [ -z "${BENCH_NO_INSTALL:-}" ] && python3 -m pip install -q python-docx >/dev/null 2>&1 &&
    python3 -c 'import docx' 2>/dev/null; }; then
  have_pydocx=1
else
  note "python-docx not installed: anchor skipped"
fi
command -v soffice >/dev/null 2>&1 && have_soffice=1 || note "LibreOffice not installed: anchor skipped"
try_install hyperfine hyperfine && have_hyperfine=1 || note "hyperfine not installed: timing with a shell loop"

cat >"$work/pydocx.py" <<'EOF'
import sys, docx
d = docx.Document(sys.argv[1])
parts = [p.text for p in d.paragraphs]
parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
sys.stdout.write("\n".join(parts))
EOF

# ------------------------------------------------------------------ timing
# mean seconds of a command, into $mean
# PREPARE (optional) runs before each timed run, untimed: it removes the outputs of the last run,
# so that every run writes new files, as converting a new report does. (Replacing existing files
# costs more on ext4, which flushes a file renamed or truncated over an old one: ~1.5 ms per file
# on the development machine. The "overwrite" row shows that case.)
time_cmd() { # time_cmd NAME RUNS COMMAND [PREPARE]
  local name=$1 n=$2 cmd=$3 prep=${4:-true}
  if [ "$have_hyperfine" = 1 ]; then
    hyperfine -N --warmup 2 --runs "$n" --prepare "$prep" --export-json "$work/$name.json" "$cmd" >/dev/null 2>&1 ||
      hyperfine --warmup 2 --runs "$n" --prepare "$prep" -i --export-json "$work/$name.json" "$cmd" >/dev/null 2>&1
    mean=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$work/$name.json")
    # CPU time (user + system, all threads): less disturbed than wall time on a shared machine.
    cpu=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["user"]+r["system"])' "$work/$name.json")
  else
    cpu=""
    bash -c "$cmd" >/dev/null 2>&1
    local t0 t1 total=0
    for _ in $(seq "$n"); do
      bash -c "$prep" >/dev/null 2>&1
      t0=$(date +%s%N)
      bash -c "$cmd" >/dev/null 2>&1
      t1=$(date +%s%N)
      total=$((total + t1 - t0))
    done
    mean=$(python3 -c "print($total/1e9/$n)")
  fi
}

declare -A result cpu_of
row() { # row LABEL NAME RUNS COMMAND [PREPARE]
  time_cmd "$2" "$3" "$4" "${5:-}"
  result[$2]=$mean
  cpu_of[$2]=$cpu
  if [ -n "$cpu" ]; then
    printf '  %-52s %9.2f ms  (CPU %.2f ms)\n' "$1" "$(python3 -c "print($mean*1000)")" "$(python3 -c "print($cpu*1000)")"
  else
    printf '  %-52s %9.2f ms\n' "$1" "$(python3 -c "print($mean*1000)")"
  fi
}

echo "== timings (mean of $runs runs; LibreOffice 3 runs)"
s="$work/seed.docx"
fresh="rm -rf $work/out/run"
row "gongkai docx: import+check+export --to $formats" gk_docx "$runs" \
  "$gk convert $s --to $formats -o $(out_for "$formats" | sed "s|$work/out|$work/out/run|")" "$fresh"
row "  the same, overwriting the last run's files" gk_docx_over "$runs" \
  "$gk convert $s --to $formats --force -o $(out_for "$formats")"
row "gongkai docx: import+check (check)" gk_docx_check "$runs" "$gk check $s"
[ -f "$work/seed.xlsx" ] && row "gongkai xlsx: import+check+export --to $formats" gk_xlsx "$runs" \
  "$gk convert $work/seed.xlsx --to $formats -o $(out_for "$formats" | sed "s|$work/out|$work/out/run|")" "$fresh"
[ -f "$work/seed.txt" ] && row "gongkai GBK text: import+check+export --to $formats" gk_txt "$runs" \
  "$gk convert $work/seed.txt --to $formats -o $(out_for "$formats" | sed "s|$work/out|$work/out/run|")" "$fresh"
# What no conversion can go below: starting the process; and the cheapest job that still checks the
# report and writes the workbook — the seed read from gongkai's own JSON (no Word file to parse),
# checked, written as .xlsx only (rust_xlsxwriter). A convert from .docx does all of that and more.
row "floor: gongkai --version (process start-up)" gk_start "$runs" "$gk --version"
if [[ "$formats" == *xlsx* ]]; then
  "$gk" convert "$s" --to json -o "$work/seed.json" --force >/dev/null 2>&1
  row "floor: seed .json → check → .xlsx only" gk_json_xlsx "$runs" \
    "$gk convert $work/seed.json --to xlsx -o $work/out/run/seed.xlsx" "$fresh"
fi
[ "$have_pandoc" = 1 ] && row "pandoc docx → json" pandoc "$runs" \
  "pandoc -f docx -t json $s -o $work/out/pandoc.json" "rm -f $work/out/pandoc.json"
[ "$have_pydocx" = 1 ] && row "python-docx text extraction" pydocx "$runs" "python3 $work/pydocx.py $s"
if [ "$have_soffice" = 1 ]; then
  row "LibreOffice headless docx → txt" soffice 3 \
    "soffice --headless -env:UserInstallation=file://$work/lo --convert-to txt:Text --outdir $work/out $s"
  [ -f "$work/seed.xlsx" ] && row "LibreOffice headless xlsx → csv" soffice_xlsx 3 \
    "soffice --headless -env:UserInstallation=file://$work/lo --convert-to csv --outdir $work/out $work/seed.xlsx"
fi

# Many files in one run: the per-file cost without process start-up.
mkdir -p "$work/batch"
for i in $(seq 100); do cp "$s" "$work/batch/r$i.docx"; done
row "gongkai 100 docx in one run (total)" gk_batch 3 \
  "$gk convert $work/batch/r*.docx --to $formats -o $work/out/batch" "rm -rf $work/out/batch"
# The same on one core: per-report cost without parallelism, to compare with one pandoc process.
row "gongkai 100 docx in one run, -j1 (total)" gk_batch1 3 \
  "$gk convert $work/batch/r*.docx -j1 --to $formats -o $work/out/batch" "rm -rf $work/out/batch"

echo "== ratios (anchor time / gongkai time, same file)"
ratio() { # ratio LABEL ANCHOR GONGKAI: wall-time ratio, and CPU-time ratio when known
  [ -n "${result[$2]:-}" ] && [ -n "${result[$3]:-}" ] || return 0
  if [ -n "${cpu_of[$2]:-}" ] && [ -n "${cpu_of[$3]:-}" ]; then
    printf '  %-52s %8.1f×  (CPU time %.1f×)\n' "$1" "$(python3 -c "print(${result[$2]}/${result[$3]})")" \
      "$(python3 -c "print(${cpu_of[$2]}/${cpu_of[$3]})")"
  else
    printf '  %-52s %8.1f×\n' "$1" "$(python3 -c "print(${result[$2]}/${result[$3]})")"
  fi
}
ratio "pandoc docx→json  vs  gongkai import+check+export" pandoc gk_docx
ratio "pandoc docx→json  vs  the same, overwriting" pandoc gk_docx_over
ratio "pandoc docx→json  vs  floor: start-up alone" pandoc gk_start
ratio "pandoc docx→json  vs  floor: .json → check → .xlsx" pandoc gk_json_xlsx
# Per report inside one run of 100 (start-up paid once, both cores busy): what a batch costs.
[ -n "${result[gk_batch]:-}" ] && result[gk_batch_each]=$(python3 -c "print(${result[gk_batch]}/100)")
[ -n "${cpu_of[gk_batch]:-}" ] && cpu_of[gk_batch_each]=$(python3 -c "print(${cpu_of[gk_batch]}/100)")
ratio "pandoc docx→json  vs  gongkai, per report in a run of 100" pandoc gk_batch_each
[ -n "${result[gk_batch1]:-}" ] && result[gk_batch1_each]=$(python3 -c "print(${result[gk_batch1]}/100)")
[ -n "${cpu_of[gk_batch1]:-}" ] && cpu_of[gk_batch1_each]=$(python3 -c "print(${cpu_of[gk_batch1]}/100)")
ratio "pandoc docx→json  vs  gongkai, per report, run of 100 -j1" pandoc gk_batch1_each
ratio "python-docx text  vs  gongkai import+check+export" pydocx gk_docx
ratio "LibreOffice → txt vs  gongkai import+check+export" soffice gk_docx
ratio "LibreOffice xlsx→csv vs gongkai xlsx import+check+export" soffice_xlsx gk_xlsx
if [ -n "${result[pandoc]:-}" ]; then
  python3 - "${result[pandoc]}" "${result[gk_docx]}" "$formats" "${result[gk_batch_each]:-}" "$(nproc)" \
    "${result[gk_batch1_each]:-}" "${result[gk_json_xlsx]:-}" <<'EOF'
import sys
pandoc, gk, formats = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
verdict = lambda r: "meets" if r >= 50 else "MISSES"
r = pandoc / gk
print(f"  target: gongkai (--to {formats}) ≥ 50× faster than pandoc docx→json")
print(f"          one file, one process each (start-up included): {r:.1f}× — {verdict(r)}")
if sys.argv[6:] and sys.argv[6]:
    r1 = pandoc / float(sys.argv[6])
    print(f"          per report in a run of 100 on one core (-j1): {r1:.1f}× — {verdict(r1)}")
if sys.argv[4]:
    rb = pandoc / float(sys.argv[4])
    print(f"          per report in a run of 100 on {sys.argv[5]} cores: {rb:.1f}× — {verdict(rb)}")
if sys.argv[7:] and sys.argv[7]:
    rf = pandoc / float(sys.argv[7])
    print(f"          ceiling for one process that checks a report and writes its .xlsx"
          f" (from gongkai's JSON, the cheapest input): {rf:.1f}×")
EOF
fi
