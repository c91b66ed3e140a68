#!/usr/bin/env bash
# Runs every libFuzzer harness (or the named ones) for longer than ctest does, JOBS at a time,
# and prints executions and findings per harness. The harnesses must have been built: run
# ctest once (fixture fuzz/build) or tests/fuzz/build.sh.
# Usage: tests/fuzz/run-long.sh FUZZ_DIR [SECONDS [JOBS]] [NAME...]
#   e.g. tests/fuzz/run-long.sh build/tests/fuzz 600 2
set -uo pipefail
out=$1 seconds=${2:-600} jobs=${3:-1}
shift $(($# < 3 ? $# : 3))
here=$(cd "$(dirname "$0")" && pwd)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for h in "$out"/build/fuzz_*; do names+=("$(basename "$h" | sed 's/^fuzz_//')"); done
fi
run_one() {
  local name=$1
  bash "$here/run.sh" "$out" "$name" "$seconds" 2000000000 >"$out/$name.long.txt" 2>&1
  local rc=$?
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$out/$name/log" | awk '{print $2}')
  echo "$name: ${execs:-?} executions in ${seconds} s, $([ $rc -eq 0 ] && echo 'no findings' ||
    echo "FINDING (see $out/$name/artifacts/ and $out/$name/log)")"
}
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  run_one "$name" &
done
wait
