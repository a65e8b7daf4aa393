#!/usr/bin/env bash
# Text taken out of PDFs: exports every Word fixture of tests/fixtures/variety/ and the Word
# samples to PDF with LibreOffice, runs poppler's `pdftotext` (default mode) and
# `pdftotext -layout` on each, and writes the two text files to tests/fixtures/pdftext/ with a
# line each in tests/fixtures/pdftext/MANIFEST.md. The PDFs are not kept.
#
# The variety .txt fixtures are skipped: their tables are text already (a PDF of them is a PDF of
# text lines, not of tables); the ones with a .docx twin are covered by the twin.
#
# Usage: scripts/make-pdftext-fixtures.sh   (needs soffice and pdftotext on PATH)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/fixtures/pdftext"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
lo_version="$(soffice --version | awk '{print $1, $2}')"
poppler_version="$(pdftotext -v 2>&1 | head -1 | awk '{print $3}')"
# cells-blank-fields-tracked.docx is left out: its PDF shows the tracked deletions beside the
# insertions ("9925" for 25), so its text holds values the report does not.
sources=()
for f in "$root"/tests/fixtures/variety/*.docx; do
  [[ "$f" == *cells-blank-fields-tracked.docx ]] || sources+=("$f")
done
sources+=("$root"/samples/zhangdian-2023.lo.docx "$root"/samples/zhangdian-2023.pydocx.docx)
manifest="$out/MANIFEST.md"
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
} >"$manifest"
for src in "${sources[@]}"; do
  name="$(basename "$src")"
  rel="${src#"$root"/}"
  soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" "$src" >/dev/null 2>&1
  pdf="$tmp/${name%.*}.pdf"
  pdftotext "$pdf" "$out/$name.pdftotext.txt"
  pdftotext -layout "$pdf" "$out/$name.pdftotext-layout.txt"
  rm -f "$pdf"
  echo "| \`$name.pdftotext.txt\` | \`$rel\` | $lo_version → PDF, \`pdftotext\` $poppler_version |" >>"$manifest"
  echo "| \`$name.pdftotext-layout.txt\` | \`$rel\` | $lo_version → PDF, \`pdftotext -layout\` $poppler_version |" >>"$manifest"
done
echo "wrote $(ls "$out" | grep -c '\.txt$') files to $out"
