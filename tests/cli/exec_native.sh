#!/usr/bin/env bash
# icnmesh exec on the native examples: busybox wc by content id, a timeout, a bad code hash.
# Usage: exec_native.sh ICNMESH SOURCE_DIR
set -uo pipefail
icnmesh="$1"
src="$2"
jobs="$src/scenarios/jobs"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

out="$("$icnmesh" exec "$jobs/native-wc.pbtxt" --json)"; rc=$?
[ $rc = 0 ] || fail "native-wc exited $rc: $out"
echo "$out" | grep -q '"engine": "native"' || fail "native-wc engine: $out"
echo "$out" | grep -q '"output": "9\\n"' || fail "native-wc output: $out"
echo "$out" | grep -q '"status": "ok"' || fail "native-wc status: $out"

out="$("$icnmesh" exec "$jobs/native-timeout.pbtxt" 2>&1)"; rc=$?
[ $rc = 1 ] || fail "native-timeout exited $rc (want 1): $out"
echo "$out" | grep -q "status: *timeout" || fail "native-timeout status: $out"
echo "$out" | grep -q "wall-clock limit of 500 ms exceeded" || fail "native-timeout reason: $out"

# A code hash that does not match the bytes at the uri: bad input, nothing runs.
sed 's/sha256:3d9f2889d6782537624a4e1a10e68a2ddd53e0ee8bac02676f27308f42ec6bf6/sha256:0000000000000000000000000000000000000000000000000000000000000000/' \
  "$jobs/native-wc.pbtxt" >"$tmp/bad-hash.pbtxt"
out="$("$icnmesh" exec "$tmp/bad-hash.pbtxt" 2>&1)"; rc=$?
[ $rc = 2 ] || fail "bad code hash exited $rc (want 2): $out"
echo "$out" | grep -q "content id is" || fail "bad code hash message: $out"

echo "exec_native: ok"
