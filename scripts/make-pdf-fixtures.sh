#!/usr/bin/env bash
# Exports every .docx variety fixture and sample to PDF with LibreOffice (what "另存为 PDF" gives)
# into tests/fixtures/pdf/roundtrip/, named after the .docx (variety fixtures keep their folder
# as a prefix: gov2019/word-tables.docx → gov2019--word-tables.pdf). The PDFs are committed;
# tests/pdf_roundtrip.rs reads them back against their .docx. Also prints the seed workbook and
# two variety workbooks with LibreOffice Calc (no cell borders: unruled tables) into
# tests/fixtures/pdf/calc/NAME.calc.pdf, and the seed .docx with its table borders switched off
# (scripts/strip-docx-borders.py) into tests/fixtures/pdf/calc/zhangdian-2023.lo.docx-no-borders.pdf,
# read by tests/pdf_calc.rs. Needs soffice, python3 and a CJK font.
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/pdf/roundtrip
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# export_pdf IN NAME OUT: LibreOffice's PDF of IN (a .docx or .xlsx) moved to OUT; NAME is IN's name
# without its extension in the work folder.
export_pdf() {
  local ext=${1##*.}
  cp "$1" "$work/$2.$ext"
  soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
    --outdir "$work" "$work/$2.$ext" >/dev/null 2>&1
  mv "$work/$2.pdf" "$3"
  echo "$1 → $3"
}
for docx in samples/*.docx tests/fixtures/variety/*.docx tests/fixtures/variety/*/*.docx; do
  [ -f "$docx" ] || continue
  rel=${docx#tests/fixtures/variety/}
  rel=${rel#samples/}
  name=$(echo "${rel%.docx}" | sed 's|/|--|g')
  export_pdf "$docx" "$name" "$out/$name.pdf"
done
calc=tests/fixtures/pdf/calc
mkdir -p "$calc"
for xlsx in samples/zhangdian-2023.lo.xlsx tests/fixtures/variety/table-extra-column.xlsx \
  tests/fixtures/variety/values-as-text.xlsx; do
  name=$(basename "${xlsx%.xlsx}")
  export_pdf "$xlsx" "$name" "$calc/$name.calc.pdf"
done
# The seed .docx with its table borders switched off, printed by LibreOffice Writer.
python3 scripts/strip-docx-borders.py samples/zhangdian-2023.lo.docx "$work/stripped.docx"
export_pdf "$work/stripped.docx" no-borders "$calc/zhangdian-2023.lo.docx-no-borders.pdf"
