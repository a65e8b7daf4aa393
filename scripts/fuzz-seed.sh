#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from samples/ and the shared robustness corpus (not committed).
#
# Targets whose first input byte picks an option (text, sheet, sniff) get seeds with that byte
# prepended, so the seed reaches the reader the way the sample file would.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${GONGKAI_SHARED:-$repo/../shared}"
[ -d "$shared" ] || shared=/work/shared
corpus="$repo/fuzz/corpus"

seed() { # seed TARGET PREFIX_HEX FILE...
  local target=$1 prefix=$2; shift 2
  mkdir -p "$corpus/$target"
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    local out
    out="$corpus/$target/seed-$(basename "$f" | tr -c 'A-Za-z0-9._\n-' '_')"
    if [ -n "$prefix" ]; then
      { printf "\\x$prefix"; cat "$f"; } >"$out"
    else
      cp "$f" "$out"
    fi
  done
}

shopt -s nullglob
samples=("$repo"/samples/* "$shared"/samples/* "$shared"/seeds/*)
texts=(); htmls=(); docxs=(); xlsxs=(); xlss=(); odss=(); pdfs=()
for f in "${samples[@]}"; do
  case "$f" in
    *.txt) texts+=("$f") ;;
    *.html | *.htm) htmls+=("$f") ;;
    *.docx) docxs+=("$f") ;;
    *.xlsx) xlsxs+=("$f") ;;
    *.xls) xlss+=("$f") ;;
    *.ods) odss+=("$f") ;;
    *.pdf) pdfs+=("$f") ;;
  esac
done
docxs+=("$shared"/corpus/docx/*)
xlsxs+=("$shared"/corpus/xlsx/*)
xlss+=("$shared"/corpus/xls/*)
pdfs+=("$shared"/corpus/pdf/*)

seed text 00 "${texts[@]}"
seed text 08 "${texts[@]:0:1}" # lossy
seed html "" "${htmls[@]}"
seed pdf "" "${pdfs[@]}"
seed docx "" "${docxs[@]}"
seed sheet 00 "${xlsxs[@]}"
seed sheet 01 "${xlss[@]}"
seed sheet 02 "${odss[@]}"
seed sniff 00 "${texts[@]}" "${htmls[@]}" "${docxs[@]}" "${xlsxs[@]}" "${xlss[@]}" "$shared"/corpus/doc/*
mkdir -p "$corpus/recognize"
# The recogniser target decodes structure from bytes: a few byte patterns to start from.
for i in 1 2 3 4; do
  head -c $((i * 512)) /dev/urandom >"$corpus/recognize/seed-random-$i"
done
for t in text html docx sheet sniff recognize pdf; do
  printf '%-10s %4d seeds\n' "$t" "$(find "$corpus/$t" -type f | wc -l)"
done
