#!/usr/bin/env bash
# Validates the workbooks gongkai writes with openxml-audit (pip install openxml-audit):
# the seed report, the same report with a broken total (so the findings sheet is there), the seed
# with tables of its own in the prose sheet, and the empty fill-in template. Fails when the
# validator reports anything.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import openxml_audit' 2>/dev/null; then
  echo "openxml-audit is not installed: pip install openxml-audit" >&2
  exit 2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build -q
bin=${CARGO_TARGET_DIR:-target}/debug/gongkai
"$bin" convert samples/zhangdian-2023.orig.gbk.txt --to xlsx -o "$out/seed.xlsx" 2>/dev/null
"$bin" convert samples/zhangdian-2023.orig.gbk.txt --to json -o "$out/seed.json" 2>/dev/null
# A printed total that breaks its sum: written as a number, listed on the findings sheet.
python3 - "$out/seed.json" "$out/broken.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["tables"]["requests"]["new"]["total"] = 99
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$bin" convert "$out/broken.json" --to xlsx -o "$out/broken.xlsx" 2>/dev/null || true
# Tables of the report's own: ragged rows, empty cells, a row of blanks (merges, U+200B).
python3 - "$out/seed.json" "$out/own.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["sections"][0]["other_tables"] = [
    [["栏目", "条数", "备注"], ["政策文件", "12", ""], ["", "", ""], ["合计"]],
    [["单独一格"]],
]
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$bin" convert "$out/own.json" --to xlsx -o "$out/own.xlsx" 2>/dev/null || true
"$bin" template -o "$out/template.xlsx" --organ 某某市某某局 --year 2024 2>/dev/null
status=0
for f in seed broken own template; do
  report=$(python3 -m openxml_audit "$out/$f.xlsx" 2>&1) || status=1
  echo "$f.xlsx: $report"
  grep -q "Errors: 0" <<<"$report" || status=1
done
exit $status
