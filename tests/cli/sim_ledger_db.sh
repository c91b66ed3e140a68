#!/usr/bin/env bash
# --ledger-db writes the final ledger with its hash-chained log; `icnmesh ledger verify` accepts it.
set -u
icnmesh="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$icnmesh" sim "$src/scenarios/collusion.pbtxt" --quiet --ledger-db "$tmp/l.db" || { echo "FAIL: sim"; exit 1; }
out=$("$icnmesh" ledger verify "$tmp/l.db" 2>&1); rc=$?
[ $rc -eq 0 ] || { echo "FAIL: ledger verify rc=$rc: $out"; exit 1; }
echo "$out"
