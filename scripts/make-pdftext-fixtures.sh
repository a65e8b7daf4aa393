#!/usr/bin/env bash
# Text taken out of PDFs: exports Word files to PDF with LibreOffice, runs poppler's `pdftotext`
# (default mode) and `pdftotext -layout` on each, and writes the two text files with a line each
# in the folder's MANIFEST.md. The PDFs are not kept. Two passes:
#
# plain: every Word fixture of tests/fixtures/variety/ and the Word samples → tests/fixtures/pdftext/.
#   The variety .txt fixtures are skipped: their tables are text already (a PDF of them is a PDF
#   of text lines, not of tables); the ones with a .docx twin are covered by the twin.
# sums: the same sources with ONE value set that keeps every sum rule of the standard in place of
#   their values (scripts/make-sum-docx.py writes the copies, kept as sources, and their
#   NAME.expect.json) → tests/fixtures/pdftext-sums/.
#
# Usage: scripts/make-pdftext-fixtures.sh [plain|sums]   (both when none; needs soffice,
# pdftotext and, for sums, python3 with lxml)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
lo_version="$(soffice --version | head -1 | awk '{print $1, $2}')"
poppler_version="$(pdftotext -v 2>&1 | head -1 | awk '{print $3}')"
# cells-blank-fields-tracked.docx is left out: its PDF shows the tracked deletions beside the
# insertions ("9925" for 25), so its text holds values the report does not.
sources=()
for f in "$root"/tests/fixtures/variety/*.docx; do
  [[ "$f" == *cells-blank-fields-tracked.docx ]] || sources+=("$f")
done
sources+=("$root"/samples/zhangdian-2023.lo.docx "$root"/samples/zhangdian-2023.pydocx.docx)

# to_text OUT SOURCE…: each source → PDF → OUT/NAME.pdftotext.txt and NAME.pdftotext-layout.txt,
# a line each appended to OUT/MANIFEST.md (`rel` names the source as the manifest shows it).
to_text() {
  local out="$1"
  shift
  for src in "$@"; do
    local name rel pdf
    name="$(basename "$src")"
    rel="${src#"$root"/}"
    soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" "$src" >/dev/null 2>&1
    pdf="$tmp/${name%.*}.pdf"
    pdftotext "$pdf" "$out/$name.pdftotext.txt"
    pdftotext -layout "$pdf" "$out/$name.pdftotext-layout.txt"
    rm -f "$pdf"
    echo "| \`$name.pdftotext.txt\` | \`$rel\` | $lo_version → PDF, \`pdftotext\` $poppler_version |" >>"$out/MANIFEST.md"
    echo "| \`$name.pdftotext-layout.txt\` | \`$rel\` | $lo_version → PDF, \`pdftotext -layout\` $poppler_version |" >>"$out/MANIFEST.md"
  done
  echo "wrote $(ls "$out" | grep -c '\.txt$') files to $out"
}

plain() {
  local out="$root/tests/fixtures/pdftext"
  mkdir -p "$out"
  {
    echo "# Text taken out of PDFs"
    echo
    echo "Made by \`scripts/make-pdftext-fixtures.sh\`: each source exported to PDF by $lo_version"
    echo "(\`soffice --headless --convert-to pdf\`), then poppler's \`pdftotext\` $poppler_version in its default mode"
    echo "(\`NAME.pdftotext.txt\`) and with \`-layout\` (\`NAME.pdftotext-layout.txt\`). A fixture is expected to"
    echo "give the report its source gives: \`variety/NAME.expect.json\` for a variety fixture, the golden"
    echo "report for a sample. Used by \`tests/pdftext.rs\`."
    echo
    echo "| file | source | tool |"
    echo "|---|---|---|"
  } >"$out/MANIFEST.md"
  to_text "$out" "${sources[@]}"
}

sums() {
  local out="$root/tests/fixtures/pdftext-sums"
  rm -rf "$out"
  mkdir -p "$out"
  python3 "$root/scripts/make-sum-docx.py" "$out" "${sources[@]}"
  {
    echo "# Text taken out of PDFs, values that keep their sums"
    echo
    echo "Made by \`scripts/make-pdftext-fixtures.sh sums\`. First \`scripts/make-sum-docx.py\` writes \`NAME\`"
    echo "(a .docx): the source named below with ONE fixed value set in place of its values, a set that keeps"
    echo "every sum rule of the standard (三: each row's 总计, （七）总计 per column, 新收 + 上年结转 = 总计 +"
    echo "结转下年度; 四: each row's 总计). A variety fixture keeps what it changes (words, blanks, the fee"
    echo "amount): only its cells holding their own number 1…200 are mapped. \`NAME.expect.json\` is what"
    echo "\`NAME\` must give (the variety expectation or the golden tables, mapped the same way; the rest of the"
    echo "report is the golden model's). Then each copy is exported to PDF by $lo_version"
    echo "(\`soffice --headless --convert-to pdf\`) and read by poppler's \`pdftotext\` $poppler_version in its default"
    echo "mode (\`NAME.pdftotext.txt\`) and with \`-layout\` (\`NAME.pdftotext-layout.txt\`). The PDFs are not kept;"
    echo "run the command again to remake everything. Used by \`tests/pdftext_sums.rs\`."
    echo
    echo "| file | source | tool |"
    echo "|---|---|---|"
  } >"$out/MANIFEST.md"
  for src in "${sources[@]}"; do
    local name rel
    name="$(basename "$src")"
    rel="${src#"$root"/}"
    echo "| \`$name\`, \`$name.expect.json\` | \`$rel\` | \`scripts/make-sum-docx.py\` (lxml) |" >>"$out/MANIFEST.md"
  done
  local copies=()
  for src in "${sources[@]}"; do copies+=("$out/$(basename "$src")"); done
  to_text "$out" "${copies[@]}"
}

case "${1:-both}" in
  plain) plain ;;
  sums) sums ;;
  both) plain && sums ;;
  *) echo "usage: $0 [plain|sums]" >&2; exit 2 ;;
esac
