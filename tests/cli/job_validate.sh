#!/usr/bin/env bash
# icnmesh job validate: exit codes, exact error line formats, and every example spec valid.
# usage: bash job_validate.sh <path-to-icnmesh> <source-dir>
set -u
ICNMESH=$1
SRC=$2
JOBS=$SRC/scenarios/jobs
NOW=1767225600000  # 2026-01-01: a fixed instant, so "in the past" never depends on the clock
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run NAME EXPECTED_EXIT ARGS...: runs icnmesh, keeps stdout/stderr in $tmp/NAME.{out,err}
run() {
  local name=$1 expected=$2
  shift 2
  "$ICNMESH" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  if [ "$rc" -ne "$expected" ]; then
    fail "$name: 'icnmesh $*' exited $rc, expected $expected"
    sed 's/^/    /' "$tmp/$name.err" | head -20
  fi
}
# expect_line NAME STREAM FIXED-STRING: the stream has a line starting with the string
expect_line() {
  grep -qF -- "$3" "$tmp/$1.$2" || { fail "$1: no line '$3' in std$2"; sed 's/^/    /' "$tmp/$1.$2" | head -20; }
}

# --- every valid example directly in scenarios/jobs (whoever wrote it) validates ---
shopt -s nullglob
examples=("$JOBS"/*.pbtxt "$JOBS"/*.json)
[ "${#examples[@]}" -ge 7 ] || fail "expected at least 7 example specs, found ${#examples[@]}"
for f in "${examples[@]}"; do
  name=valid-$(basename "$f")
  run "$name" 0 job validate "$f" --now "$NOW"
  grep -qE '^job id: sha256:[0-9a-f]{64}$' "$tmp/$name.out" || fail "$name: no job id line"
  [ -s "$tmp/$name.err" ] && fail "$name: stderr not empty"
done

# --- text and JSON of the same spec: the same job id ---
run wasm-text 0 job validate "$JOBS/example-wasm.pbtxt"
run wasm-json 0 job validate "$JOBS/example-wasm.json"
[ "$(head -1 "$tmp/wasm-text.out")" = "$(head -1 "$tmp/wasm-json.out")" ] ||
  fail "example-wasm.pbtxt and example-wasm.json give different job ids"
expect_line wasm-text out "escrow:       1500 mana"
expect_line wasm-text out "64 MiB memory"

# --- --json output ---
run wasm-as-json 0 job validate "$JOBS/example-wasm.pbtxt" --json
python3 - "$tmp/wasm-as-json.out" "$(head -1 "$tmp/wasm-text.out" | cut -d' ' -f3)" <<'PY' || fail "--json output"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["valid"] is True and d["job_id"] == sys.argv[2] and d["file"].endswith("example-wasm.pbtxt"), d
PY

# --- syntax errors: FILE:LINE:COL: message, every one of them ---
f=$JOBS/invalid/syntax.pbtxt
run syntax 2 job validate "$f"
expect_line syntax err "$f:7:3: Message type \"icnmesh.v1.Resources\" has no field named \"memory_byte\"."
expect_line syntax err "$f:9:8: Expected integer, got: -"
expect_line syntax err "$f:10:17: Unknown enumeration value of \"RUNTIME_WSAM\""
expect_line syntax err "$f:11:7: String literals cannot cross line boundaries."
[ "$(grep -c "^$f:[0-9]*:[0-9]*: " "$tmp/syntax.err")" -eq 4 ] || fail "syntax.pbtxt: expected 4 errors"
[ -s "$tmp/syntax.out" ] && fail "syntax: stdout not empty"

f=$JOBS/invalid/syntax.json
run syntax-json 2 job validate "$f"
expect_line syntax-json err "$f:4:3: JSON syntax error"
f=$JOBS/invalid/fields.json
run fields-json 2 job validate "$f"
expect_line fields-json err "$f:5:5: Message type \"icnmesh.v1.Resources\" has no field named \"memoryBytez\"."
expect_line fields-json err "$f:6:5: field \"cpu_millicores\" expects an unsigned 32-bit integer"
expect_line fields-json err "$f:8:15: Unknown enumeration value of \"RUNTIME_WSAM\""
expect_line fields-json err "$f:9:3: field \"nonce\" expects an unsigned 64-bit integer"

# --- semantic errors: FILE: field.path: reason ---
check_semantic() {  # FILE-STEM EXPECTED-LINE...
  local stem=$1
  shift
  local f=$JOBS/invalid/$stem.pbtxt
  run "$stem" 2 job validate "$f" --now "$NOW"
  for line in "$@"; do expect_line "$stem" err "$f: $line"; done
}
check_semantic zero-memory "resources.memory_bytes: must be > 0"
check_semantic payment "payment.max_price: must be > 0" \
  "payment.validator_fee_budget: must be > 0 when validation.validators > 0"
check_semantic out-of-range \
  "payment.max_price: 18446744073709551615 is above the maximum 1000000000000 (10^12 mana)" \
  "validation.dispute_window_ms: 9223372036854775807 is above the maximum 315360000000"
check_semantic no-code-hash "runtime.code.hash: required"
check_semantic tolerance-deterministic "accuracy.mode: ACCURACY_TOLERANCE on a job declared DETERMINISM_DETERMINISTIC"
check_semantic confidential-no-recipients "privacy.recipient_keys: must not be empty"
check_semantic inverted-deadlines "deadlines.execution_deadline_ms: inverted"
check_semantic past-deadline "deadlines.not_after_unix_ms: in the past (1000000000000 < now $NOW)"
check_semantic many-errors "version: must be 1 (got 2)" "submitter:" "runtime.code.inline_bytes:" \
  "inputs[1].name: duplicate" "resources.gpus:" "accuracy.epsilon:" "validation.validators:" \
  "placement.min_reputation:" "sharding.shard_count:" "federated_learning.trim_fraction_percent:"
count=$(grep -c "^$JOBS/invalid/many-errors.pbtxt: [a-z_.]*[]a-z_0-9[]*: " "$tmp/many-errors.err")
[ "$count" -ge 30 ] || fail "many-errors.pbtxt: only $count errors listed"

# --now decides "in the past": the same file is valid at an earlier instant
run past-ok 0 job validate "$JOBS/invalid/past-deadline.pbtxt" --now 999999999999

# --- every file in invalid/ is rejected with exit 2 ---
for f in "$JOBS"/invalid/*; do
  run "invalid-$(basename "$f")" 2 job validate "$f" --now "$NOW"
done

# --- unreadable files, usage ---
run missing 2 job validate "$tmp/nope.pbtxt"
expect_line missing err "$tmp/nope.pbtxt: cannot read: No such file or directory"
run directory 2 job validate "$tmp"
expect_line directory err "$tmp: cannot read: Is a directory"
run help 0 job --help
expect_line help out "usage: icnmesh job"
run validate-help 0 job validate --help
expect_line validate-help out "usage: icnmesh job validate FILE"
run no-verb 2 job
expect_line no-verb err "usage: icnmesh job"
run bad-verb 2 job frobnicate
expect_line bad-verb err "unknown verb 'frobnicate'"
expect_line bad-verb err "usage: icnmesh job"
run bad-flag 2 job validate "$JOBS/example-wasm.pbtxt" --frob
expect_line bad-flag err "usage: icnmesh job validate"
run bad-now 2 job validate "$JOBS/example-wasm.pbtxt" --now soon
run negative-now 2 job validate "$JOBS/example-wasm.pbtxt" --now=-5
expect_line negative-now err "--now needs Unix milliseconds"
run no-file 2 job validate
[ -s "$tmp/help.err" ] && fail "--help wrote to stderr"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "job_validate: all checks passed"
