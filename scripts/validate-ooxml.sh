#!/usr/bin/env bash
# Exports every bundled sample as .docx and checks each export with openxml-audit, the OOXML
# validator of others (pip install openxml-audit). Exit 1 when any export has a finding.
# Inputs gongkai cannot read are reported and skipped: reading is not what this checks.
#
# Usage: scripts/validate-ooxml.sh            (uses target/debug/gongkai, building it if missing)
#        GONGKAI=path/to/gongkai scripts/validate-ooxml.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GONGKAI:-target/debug/gongkai}
if [ ! -x "$bin" ]; then
    cargo build --quiet
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
for input in samples/*; do
    case "$input" in *.md) continue ;; esac
    docx="$out/$(basename "$input").docx"
    # Exit 1 only means the report breaks a rule of the standard; the file is still written.
    "$bin" convert "$input" --to docx -o "$docx" 2>"$out/stderr" || true
    if [ ! -s "$docx" ]; then
        echo "skipped $input: $(tail -n 1 "$out/stderr")"
        continue
    fi
    checked=$((checked + 1))
    if python3 -m openxml_audit "$docx" >"$out/audit" 2>&1; then
        echo "ok      $input"
    else
        failed=$((failed + 1))
        echo "FAILED  $input"
        cat "$out/audit"
    fi
done
echo "$checked exported, $failed with findings"
[ "$checked" -gt 0 ] && [ "$failed" -eq 0 ]
