#!/usr/bin/env bash
# icnmesh exec on the wasm example jobs: exit 0 for a good job, 1 for a failing one,
# 2 for bad input (unreadable or invalid spec, hash mismatch, malformed module).
# Usage: bash exec_wasm.sh <path-to-icnmesh> <source-dir>
set -u
ICNMESH="$1"
SRC="$2"
JOBS="$SRC/scenarios/jobs"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export ICNMESH_AOT_CACHE="$TMP/aot"
failures=0

expect() {  # expect <exit code> <description> <command...>
  local want="$1" what="$2"
  shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"
    sed 's/^/  stdout: /' "$TMP/out"
    sed 's/^/  stderr: /' "$TMP/err"
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}

contains() {  # contains <file> <text> <description>
  if ! grep -qF -- "$2" "$1"; then
    echo "FAIL: $3: '$2' not in $(basename "$1")"
    sed 's/^/  /' "$1"
    failures=$((failures + 1))
  fi
}

# A good job, in both engines, with the same fuel.
expect 0 "sha256 job succeeds" "$ICNMESH" exec "$JOBS/wasm-sha256.pbtxt"
contains "$TMP/out" "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" "sha256 of abc"
expect 0 "sha256 job --json (aot)" "$ICNMESH" exec "$JOBS/wasm-sha256.pbtxt" --json --engine aot
contains "$TMP/out" '"status": "ok"' "json status"
aot_fuel="$(grep '"fuel"' "$TMP/out")"
expect 0 "sha256 job --json (interp)" "$ICNMESH" exec "$JOBS/wasm-sha256.pbtxt" --json --engine interp
contains "$TMP/out" '"engine": "wasm-interp"' "interp engine reported"
interp_fuel="$(grep '"fuel"' "$TMP/out")"
if [ -z "$aot_fuel" ] || [ "$aot_fuel" != "$interp_fuel" ]; then
  echo "FAIL: fuel differs between engines: aot '$aot_fuel' interp '$interp_fuel'"
  failures=$((failures + 1))
fi

# --input replaces the spec's inputs.
printf 'one two three\nfour\n' >"$TMP/words.txt"
expect 0 "wordcount with --input" "$ICNMESH" exec "$JOBS/wasm-wordcount.pbtxt" --input "$TMP/words.txt"
contains "$TMP/out" "2 4 19" "wordcount output"

# A job that fails: out of fuel.
expect 1 "infinite loop stops with exit 1" "$ICNMESH" exec "$JOBS/wasm-spin.pbtxt"
contains "$TMP/out" "out of fuel" "out-of-fuel reason"

# Bad input: exit 2.
expect 2 "missing spec file" "$ICNMESH" exec "$TMP/nope.pbtxt"
printf 'version: 1\nthis is not a spec {\n' >"$TMP/garbage.pbtxt"
expect 2 "unparsable spec" "$ICNMESH" exec "$TMP/garbage.pbtxt"
sed -e '/code {/,/}/s/hash: "sha256:[0-9a-f]*"/hash: "sha256:0000000000000000000000000000000000000000000000000000000000000000"/' \
  -e '/uri: "icn:/d' "$JOBS/wasm-sha256.pbtxt" >"$TMP/unknown-code.pbtxt"
expect 2 "code not in the store" "$ICNMESH" exec "$TMP/unknown-code.pbtxt"
contains "$TMP/err" "not in the content store" "store miss reason"
# Malformed module: inline bytes whose hash is right but which are not wasm.
bogus_hash="sha256:$(printf 'not a wasm module' | sha256sum | cut -d' ' -f1)"
sed -e "s/hash: \"sha256:[0-9a-f]*\"/hash: \"$bogus_hash\"/" -e 's/size: [0-9]*$/size: 17/' \
    -e 's/uri: "icn:.*"/inline_bytes: "not a wasm module"/' "$JOBS/wasm-spin.pbtxt" >"$TMP/bogus.pbtxt"
expect 2 "malformed module" "$ICNMESH" exec "$TMP/bogus.pbtxt"
contains "$TMP/err" "module invalid" "malformed module reason"
expect 2 "bad --engine value" "$ICNMESH" exec "$JOBS/wasm-sha256.pbtxt" --engine jit
expect 0 "--help" "$ICNMESH" exec --help

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all exec checks passed"
