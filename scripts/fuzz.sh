#!/usr/bin/env bash
# Runs every fuzz target (or those named) for FUZZ_SECONDS each (default 60; the issue's bar is
# 600) and prints the number of executions and any finding. See fuzz/README.md.
#
#   scripts/fuzz.sh                    # all targets, 60 s each, one after the other
#   FUZZ_SECONDS=600 scripts/fuzz.sh text html
#   FUZZ_JOBS=2 scripts/fuzz.sh        # two targets at a time
#
# Needs cargo-fuzz (installed when missing). The toolchain may be stable: RUSTC_BOOTSTRAP=1 lets
# cargo-fuzz use the -Z flags it needs. Sanitizer: FUZZ_SANITIZER (default none; see README).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo/fuzz"
seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
jobs="${FUZZ_JOBS:-1}"
export RUSTC_BOOTSTRAP=1
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text html docx sheet recognize sniff pdf)

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
[ -d corpus ] || "$repo/scripts/fuzz-seed.sh"
cargo fuzz build -s "$sanitizer" "${targets[@]:0:1}" >/dev/null # builds the shared deps once
cargo fuzz build -s "$sanitizer"

mkdir -p logs
run_one() {
  local t=$1
  mkdir -p "corpus/$t" "artifacts/$t"
  # -rss_limit_mb: an input needing more memory is a finding (OOM); -timeout: one input over
  # 10 s is a finding (hang). -max_len covers the seed packages (up to ~1 MB).
  cargo fuzz run -s "$sanitizer" "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=1048576 \
    -print_final_stats=1 >"logs/$t.log" 2>&1
  local rc=$?
  local runs
  runs=$(grep -Eo 'Done [0-9]+ runs' "logs/$t.log" | grep -Eo '[0-9]+' || echo "?")
  printf '%-10s rc=%d runs=%s corpus=%s\n' "$t" "$rc" "$runs" \
    "$(find "corpus/$t" -type f | wc -l)"
  return $rc
}
export -f run_one
export seconds sanitizer
status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}' || status=$?
if [ "$status" -ne 0 ]; then
  echo "a target found something: see fuzz/logs/ and fuzz/artifacts/" >&2
fi
exit "$status"
