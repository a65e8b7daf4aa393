#!/usr/bin/env bash
# Exports every bundled sample and report fixture as .docx — plus the 2019 trial report converted
# to gov-2021 and the seed laid out with a changed style template (--template) — and checks each
# export with openxml-audit, the OOXML validator of others (pip install openxml-audit).
# Exit 1 when any export has a finding. Inputs gongkai cannot read (e.g. .doc without
# LibreOffice) are reported and skipped: reading is not what this checks.
#
# Usage: scripts/validate-ooxml.sh            (builds and uses the debug binary of this checkout)
#        GONGKAI=path/to/gongkai scripts/validate-ooxml.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${GONGKAI:-}" ]; then
    # Always build: a stale binary would validate old output. Honour CARGO_TARGET_DIR.
    cargo build --quiet
    bin="${CARGO_TARGET_DIR:-target}/debug/gongkai"
else
    bin=$GONGKAI
fi
if ! python3 -m openxml_audit --help >/dev/null 2>&1; then
    python3 -m pip install --quiet openxml-audit >/dev/null 2>&1 || true
fi
python3 -m openxml_audit --help >/dev/null 2>&1 || {
    echo "openxml-audit is not installed and could not be: pip install openxml-audit" >&2
    exit 2
}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
checked=0
failed=0
# export NAME INPUT [gongkai convert options…]: writes $out/NAME.docx and audits it.
export_and_audit() {
    local name=$1 input=$2
    shift 2
    local docx="$out/$name.docx"
    # Exit 1 only means the report breaks a rule of the standard; the file is still written.
    "$bin" convert "$input" --to docx -o "$docx" "$@" 2>"$out/stderr" || true
    if [ ! -s "$docx" ]; then
        echo "skipped $name: $(tail -n 1 "$out/stderr")"
        return
    fi
    checked=$((checked + 1))
    if python3 -m openxml_audit "$docx" >"$out/audit" 2>&1; then
        echo "ok      $name"
    else
        failed=$((failed + 1))
        echo "FAILED  $name"
        cat "$out/audit"
    fi
}
for input in samples/* tests/fixtures/*.txt tests/fixtures/*.xlsx tests/fixtures/checks/*.txt \
    tests/fixtures/html/*.html tests/fixtures/typeset/*.txt; do
    case "$input" in *.md) continue ;; esac
    export_and_audit "$(basename "$input")" "$input"
done
export_and_audit "gov2019-sample.txt (to gov-2021)" tests/fixtures/gov2019-sample.txt \
    --to-format gov-2021
# A user's template: other fonts, a smaller body, Letter paper, narrow margins.
sed -e 's/font = "仿宋_GB2312"/font = "Times New Roman"/' -e 's/width_mm = 210/width_mm = 215.9/' \
    -e 's/height_mm = 297/height_mm = 279.4/' -e 's/margin_left_mm = 28/margin_left_mm = 20/' \
    -e 's/size_pt = 16/size_pt = 12/' templates/style-gov.toml >"$out/style.toml"
export_and_audit "seed with --template" samples/zhangdian-2023.orig.gbk.txt \
    --template "$out/style.toml"
echo "$checked exported, $failed with findings"
[ "$checked" -gt 0 ] && [ "$failed" -eq 0 ]
