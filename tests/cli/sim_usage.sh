#!/usr/bin/env bash
# sim and replay: --help exits 0, bad flags and missing files exit 2.
set -u
icnmesh="$1"; src="$2"
"$icnmesh" sim --help | grep -q "usage: icnmesh sim FILE" || { echo "FAIL: sim --help"; exit 1; }
"$icnmesh" replay --help | grep -q "usage: icnmesh replay TRACE" || { echo "FAIL: replay --help"; exit 1; }
"$icnmesh" sim "$src/scenarios/quickstart.pbtxt" --bogus >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: bad flag"; exit 1; }
"$icnmesh" sim /nonexistent.pbtxt >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: missing file"; exit 1; }
"$icnmesh" sim >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: no file"; exit 1; }
echo ok
