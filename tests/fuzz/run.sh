#!/usr/bin/env bash
# Runs one libFuzzer harness (ctest: fuzz/<name>): first over its seeds and the committed
# regression inputs (tests/fuzz/regressions/<name>/), then fuzzing until RUNS executions or
# SECONDS have passed. A crash, sanitizer report, timeout or out-of-memory fails the test and
# leaves the input in FUZZ_DIR/<name>/artifacts/.
# Usage: run.sh FUZZ_DIR NAME [SECONDS [RUNS]]
set -uo pipefail
out=$1 name=$2 seconds=${3:-30} runs=${4:-20000}
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$out/SKIPPED" ]; then
  echo "SKIPPED: fuzz/$name not run: $(cat "$out/SKIPPED")"
  exit 77
fi
harness="$out/build/fuzz_$name"
[ -x "$harness" ] || { echo "FAIL: no harness $harness (did fuzz/build run?)"; exit 1; }
work="$out/$name"
mkdir -p "$work/corpus" "$work/artifacts"
regressions="$here/regressions/$name"
corpora=("$work/corpus")
[ -d "$out/seeds/$name" ] && corpora+=("$out/seeds/$name")
[ -d "$regressions" ] && corpora+=("$regressions")
# The first corpus directory receives new inputs; the seeds and regressions stay as they are.
"$harness" "${corpora[@]}" -runs="$runs" -max_total_time="$seconds" -timeout=20 \
  -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" 2>"$work/log"
rc=$?
grep -E "^(#[0-9]+.*(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb)" "$work/log"
if [ $rc -ne 0 ]; then
  echo "FAIL: fuzz/$name exited $rc; input saved under $work/artifacts/"
  tail -n 60 "$work/log"
  exit 1
fi
echo "ok: fuzz/$name"
