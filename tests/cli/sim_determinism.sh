#!/usr/bin/env bash
# Same scenario and seed twice: identical trace hashes (and JSON apart from wall_ms);
# two seeds: different hashes.
set -u
icnmesh="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
f="$src/scenarios/quickstart.pbtxt"
"$icnmesh" sim "$f" --quiet --json "$tmp/a.json" || { echo "FAIL: run a"; exit 1; }
"$icnmesh" sim "$f" --quiet --json "$tmp/b.json" || { echo "FAIL: run b"; exit 1; }
"$icnmesh" sim "$f" --quiet --seed 7 --json "$tmp/c.json" || { echo "FAIL: run c"; exit 1; }
hash() { grep -o '"trace_hash": "[0-9a-f]*"' "$1"; }
[ -n "$(hash "$tmp/a.json")" ] || { echo "FAIL: no trace_hash"; exit 1; }
[ "$(hash "$tmp/a.json")" = "$(hash "$tmp/b.json")" ] || { echo "FAIL: same seed, different hashes"; exit 1; }
[ "$(hash "$tmp/a.json")" != "$(hash "$tmp/c.json")" ] || { echo "FAIL: seeds 42 and 7 gave the same hash"; exit 1; }
diff <(grep -v wall_ms "$tmp/a.json") <(grep -v wall_ms "$tmp/b.json") || { echo "FAIL: JSON differs"; exit 1; }
grep -q '"seed": 7' "$tmp/c.json" || { echo "FAIL: --seed not reported"; exit 1; }
echo ok
