#!/usr/bin/env bash
# A recorded trace replays as identical; a tampered one names the first diverging line;
# a malformed one is an input error (exit 2).
set -u
icnmesh="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$icnmesh" sim "$src/scenarios/partition.pbtxt" --quiet --trace "$tmp/t.trace" || { echo "FAIL: sim"; exit 1; }
out=$("$icnmesh" replay "$tmp/t.trace"); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q '^identical' || { echo "FAIL: replay: rc=$rc $out"; exit 1; }
# Tamper with one event line in the middle.
n=$(grep -n '^# events:' "$tmp/t.trace" | cut -d: -f1); target=$((n + 500))
awk -v t=$target 'NR==t {sub(/ [0-9a-f]+$/, " 0000000000000000")} {print}' "$tmp/t.trace" > "$tmp/bad.trace"
out=$("$icnmesh" replay "$tmp/bad.trace"); rc=$?
[ $rc -eq 1 ] || { echo "FAIL: tampered replay exited $rc"; exit 1; }
echo "$out" | grep -q "diverges at line $target" || { echo "FAIL: wrong divergence: $out"; exit 1; }
printf 'not a trace\n' > "$tmp/junk.trace"
out=$("$icnmesh" replay "$tmp/junk.trace" 2>&1); rc=$?
[ $rc -eq 2 ] && echo "$out" | grep -q "junk.trace:1:1:" || { echo "FAIL: junk: rc=$rc $out"; exit 1; }
echo ok
