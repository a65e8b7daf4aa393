#!/usr/bin/env bash
# Renders the seed report's .docx export with LibreOffice and compares the page images in
# docs/img (linked from the README) with the current output; --update rewrites them.
#   docx-title-page.png   page 1
#   docx-tables-2-3.png   the page where table 二 starts (第二十条第（一）项)
#   docx-tables-3-4.png   the page where table 四 starts (未经复议直接起诉)
# Needs soffice, pdftoppm and pdftotext (poppler-utils) and a CJK font (fonts-noto-cjk).
# Exit 1 when an image differs (without --update).
set -euo pipefail
cd "$(dirname "$0")/.."
update=${1:-}
if [ -z "${GONGKAI:-}" ]; then
    cargo build --quiet
    bin="${CARGO_TARGET_DIR:-target}/debug/gongkai"
else
    bin=$GONGKAI
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" convert samples/zhangdian-2023.orig.gbk.txt --to docx -o "$out/seed.docx" 2>/dev/null || true
soffice -env:UserInstallation="file://$out/profile" --headless --convert-to pdf \
    --outdir "$out" "$out/seed.docx" >/dev/null 2>&1
pages=$(pdfinfo "$out/seed.pdf" | awk '/^Pages:/ {print $2}')
page_with() {
    for ((i = 1; i <= pages; i++)); do
        if pdftotext -f "$i" -l "$i" "$out/seed.pdf" - | grep -q "$1"; then
            echo "$i"
            return
        fi
    done
    echo "no page holds $1" >&2
    exit 1
}
differs=0
for pair in "docx-title-page:1" "docx-tables-2-3:$(page_with '第二十条第（一）项')" \
    "docx-tables-3-4:$(page_with '未经复议直接起诉')"; do
    name=${pair%%:*}
    page=${pair##*:}
    pdftoppm -png -r 60 -f "$page" -l "$page" -singlefile "$out/seed.pdf" "$out/$name"
    if cmp -s "$out/$name.png" "docs/img/$name.png"; then
        echo "same     docs/img/$name.png (page $page)"
    elif [ "$update" = "--update" ]; then
        cp "$out/$name.png" "docs/img/$name.png"
        echo "updated  docs/img/$name.png (page $page)"
    else
        differs=1
        echo "DIFFERS  docs/img/$name.png (page $page); rerun with --update and look at it"
    fi
done
exit "$differs"
