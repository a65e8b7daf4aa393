#!/usr/bin/env bash
# Exports every report under samples/ (and the run-in fixture) to .docx, renders each with
# LibreOffice to PDF and every page to PNG, for looking at: DIR/<name>/page-N.png.
#   scripts/render-samples.sh [DIR]   (default: target/render-samples)
# Prints per export its page count and the pages whose text ends far above the page foot while
# the next page starts with a heading or a table (a keep-with-next chain pushed it over).
# Needs soffice, pdftoppm, pdftotext (poppler-utils) and a CJK font (fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/render-samples}
if [ -z "${GONGKAI:-}" ]; then
    cargo build --quiet
    bin="${CARGO_TARGET_DIR:-target}/debug/gongkai"
else
    bin=$GONGKAI
fi
rm -rf "$dir"
mkdir -p "$dir/docx"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for f in samples/zhangdian-2023.* tests/fixtures/typeset/runin-2023.txt; do
    name=$(basename "$f")
    "$bin" convert "$f" --to docx -o "$dir/docx/$name.docx" >/dev/null 2>&1 || {
        echo "$name: not converted"
        continue
    }
done
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf \
    --outdir "$dir/pdf" "$dir"/docx/*.docx >/dev/null 2>&1
for pdf in "$dir"/pdf/*.pdf; do
    name=$(basename "$pdf" .pdf)
    mkdir -p "$dir/$name"
    pdftoppm -png -r 50 "$pdf" "$dir/$name/page"
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    echo "$name: $pages pages"
done
