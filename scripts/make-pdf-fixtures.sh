#!/bin/sh
# Exports every .docx variety fixture and the .docx samples to PDF with LibreOffice
# ("另存为 PDF"), into tests/fixtures/pdf/NAME.pdf, for the round trip of tests/pdf_roundtrip.rs
# (each PDF must read back to the model its .docx gives).
#   sh scripts/make-pdf-fixtures.sh
set -eu
cd "$(dirname "$0")/.."
out=tests/fixtures/pdf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
for docx in tests/fixtures/variety/*.docx samples/*.docx; do
    soffice --headless -env:UserInstallation="file://$tmp/profile" \
        --convert-to pdf --outdir "$tmp" "$docx" >/dev/null 2>&1
    name=$(basename "$docx" .docx)
    mv "$tmp/$name.pdf" "$out/$name.pdf"
    echo "$docx → $out/$name.pdf"
done
