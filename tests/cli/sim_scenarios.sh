#!/usr/bin/env bash
# Every shipped scenario (CI-sized; scale-* skipped) runs to exit 0; the tests/ ones fail the
# way they must: impossible -> exit 1 naming the check, malformed -> exit 2 with FILE:LINE:COL.
set -u
icnmesh="$1"; src="$2"
fail=0
for f in "$src"/scenarios/*.pbtxt; do
  case "$(basename "$f")" in scale-*) continue ;; esac
  out=$("$icnmesh" sim "$f" --quiet 2>&1); rc=$?
  if [ $rc -ne 0 ]; then echo "FAIL: $f exited $rc"; echo "$out"; fail=1; else echo "ok: $f"; fi
done
out=$("$icnmesh" sim "$src/scenarios/tests/impossible.pbtxt" 2>&1); rc=$?
[ $rc -eq 1 ] || { echo "FAIL: impossible.pbtxt exited $rc, want 1"; fail=1; }
echo "$out" | grep -q "FAILED: expectation honest_jobs_completed_ratio >= 2" ||
  { echo "FAIL: impossible.pbtxt does not name the failed check"; echo "$out"; fail=1; }
out=$("$icnmesh" sim "$src/scenarios/tests/malformed.pbtxt" 2>&1); rc=$?
[ $rc -eq 2 ] || { echo "FAIL: malformed.pbtxt exited $rc, want 2"; fail=1; }
echo "$out" | grep -Eq "malformed.pbtxt:[0-9]+:[0-9]+: " ||
  { echo "FAIL: malformed.pbtxt error lacks FILE:LINE:COL"; echo "$out"; fail=1; }
out=$("$icnmesh" sim "$src/scenarios/tests/honest-slashed.pbtxt" 2>&1); rc=$?
[ $rc -eq 1 ] || { echo "FAIL: honest-slashed.pbtxt exited $rc, want 1"; fail=1; }
echo "$out" | grep -Eq "FAILED: invariant honest_never_slashed first violated at sim time [0-9]+ ms \(event [0-9]+\): honest exec-[0-9]+ slashed" ||
  { echo "FAIL: honest-slashed.pbtxt does not name the invariant, time and event"; echo "$out"; fail=1; }
exit $fail
