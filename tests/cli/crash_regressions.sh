#!/usr/bin/env bash
# The crashes of issue 17 and those the fuzz harnesses found, through the CLI: each input is
# refused with exit 2 and a message saying where and why.
#  1. a job spec nested 100,000 levels deep (stack overflow: job validate, exec)
#  2. a scenario with dispute_window_ms = INT64_MAX (signed overflow in std::chrono)
#  3. a scenario with jitter_ms = 2^64 - 1 (division by zero in RandomStream::uniform)
#  4. a WASM module with an unbalanced `end` (assertion in wabt: exec aborted)
# Usage: bash crash_regressions.sh <path-to-icnmesh> <source-dir>
set -u
icnmesh="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0

expect_refused() {  # expect_refused <name> <stderr text> <icnmesh args...>
  local name=$1 text=$2
  shift 2
  "$icnmesh" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ $rc -ne 2 ] || ! grep -qF -- "$text" "$tmp/err"; then
    echo "FAIL: $name: exit $rc, want 2 with '$text'"
    sed 's/^/  /' "$tmp/err" | head -5
    fail=1
  else
    echo "ok: $name"
  fi
}

python3 -c "print('x {' * 100000 + '}' * 100000)" >"$tmp/deep.pbtxt"
expect_refused "deep spec: job validate" "deep.pbtxt:1:99: nested more than 32 levels deep" \
  job validate "$tmp/deep.pbtxt"
expect_refused "deep spec: exec" "deep.pbtxt:1:99: nested more than 32 levels deep" \
  exec "$tmp/deep.pbtxt"
expect_refused "deep scenario: sim" "deep.pbtxt:1:99: nested more than 32 levels deep" \
  sim "$tmp/deep.pbtxt"

sed 's/dispute_window_ms: 5000/dispute_window_ms: 9223372036854775807/' \
  "$src/scenarios/quickstart.pbtxt" >"$tmp/window.pbtxt"
expect_refused "dispute window: sim" \
  "window.pbtxt: workload.templates[0].spec.validation.dispute_window_ms: 9223372036854775807 is above the maximum 315360000000" \
  sim "$tmp/window.pbtxt"

sed 's/jitter_ms: 20/jitter_ms: 18446744073709551615/' "$src/scenarios/quickstart.pbtxt" \
  >"$tmp/jitter.pbtxt"
expect_refused "jitter: sim" \
  "jitter.pbtxt: network.classes[0].jitter_ms: 18446744073709551615 is above the maximum 3600000" \
  sim "$tmp/jitter.pbtxt"

module="$src/tests/fuzz/regressions/module_prep/unbalanced-end-1.wasm"
python3 - "$module" "$src/scenarios/jobs/wasm-sha256.pbtxt" >"$tmp/unbalanced.pbtxt" <<'PY'
import hashlib, re, sys
code = open(sys.argv[1], "rb").read()
spec = open(sys.argv[2]).read()
ref = 'code { hash: "sha256:%s" size: %d inline_bytes: "%s" }' % (
    hashlib.sha256(code).hexdigest(), len(code), "".join("\\%03o" % b for b in code))
print(re.sub(r"code \{[^}]*\}", lambda _: ref, spec, count=1, flags=re.S))
PY
expect_refused "unbalanced module: exec" "(inline code): module invalid:" \
  exec "$tmp/unbalanced.pbtxt" --engine interp

exit $fail
