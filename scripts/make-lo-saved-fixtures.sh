#!/bin/sh
# Writes tests/fixtures/lo-saved/: gongkai's fill-in workbooks filled by a script and saved again
# by LibreOffice as .xlsx, .ods and .xls, the way a clerk's office program saves them (formula
# results cached, blank totals saved as empty text, blank cells left out).
#
#   plain.*   `gongkai template --organ 某某县某某局 --year 2024`, filled by
#             scripts/make-filled-template.py
#   rolled.*  `gongkai template --from tests/fixtures/years/organ-2023.json`, filled by
#             scripts/fill-rolled-forward.py
#   partly-blank.lo.xlsx  as plain, with 行政规范性文件 and the whole of table 四 left empty
#             (scripts/make-filled-template.py --leave-blank)
#
# Usage: scripts/make-lo-saved-fixtures.sh   (from the repository root; needs python3 + openpyxl,
# soffice and a built target/debug/gongkai)
set -eu
out=tests/fixtures/lo-saved
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
gongkai=target/debug/gongkai
"$gongkai" template --organ 某某县某某局 --year 2024 -o "$tmp/plain-template.xlsx"
"$gongkai" template --from tests/fixtures/years/organ-2023.json -o "$tmp/rolled-template.xlsx"
python3 scripts/make-filled-template.py "$tmp/plain-template.xlsx" "$tmp/plain.xlsx"
python3 scripts/fill-rolled-forward.py "$tmp/rolled-template.xlsx" "$tmp/rolled.xlsx"
for name in plain rolled; do
    for ext in xlsx ods xls; do
        mkdir -p "$tmp/$ext"
        soffice -env:UserInstallation="file://$tmp/profile" --headless \
            --convert-to "$ext" --outdir "$tmp/$ext" "$tmp/$name.xlsx" >/dev/null
        cp "$tmp/$ext/$name.$ext" "$out/$name.lo.$ext"
    done
done
python3 scripts/make-filled-template.py --leave-blank "$tmp/plain-template.xlsx" "$tmp/partly-blank.xlsx"
soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to xlsx --outdir "$tmp/xlsx" "$tmp/partly-blank.xlsx" >/dev/null
cp "$tmp/xlsx/partly-blank.xlsx" "$out/partly-blank.lo.xlsx"
ls -l "$out"
