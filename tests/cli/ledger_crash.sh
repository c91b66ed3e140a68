#!/usr/bin/env bash
# Crash durability: a writer appends to a SQLite ledger in group commits and prints each height
# after its COMMIT returned; it is SIGKILLed at random moments, 50 times. After every kill the
# ledger must verify and contain every acknowledged height.
# usage: bash ledger_crash.sh <path-to-icnmesh> <source-dir>
set -u
ICN="$1"
work=$(mktemp -d /tmp/icnmesh-ledger-crash-XXXXXX)
trap 'rm -rf "$work"' EXIT
db="$work/ledger.db"
RANDOM=20261126  # reproducible kill moments (as far as scheduling allows)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A first, uninterrupted run creates the ledger so that no kill lands inside create().
"$ICN" ledger crash-writer "$db" --seed 9 --limit 20 > "$work/acks" || { echo "FAIL: setup"; exit 1; }
acked=$(tail -n 1 "$work/acks")
[ "$acked" = 20 ] || fail "setup acknowledged $acked, expected 20"

max_acked=$acked
for round in $(seq 1 50); do
  "$ICN" ledger crash-writer "$db" --seed 9 --max-batch 40 > "$work/acks" 2>"$work/err" &
  pid=$!
  # Kill between 20 and 400 ms after the start (the writer spends the first part in open+replay).
  sleep "0.$(printf '%03d' $((20 + RANDOM % 380)))"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  # Only complete lines count: a height is acknowledged once its line was written.
  last=$(grep -E '^[0-9]+$' "$work/acks" | tail -n 1)
  [ -n "$last" ] && [ "$last" -gt "$max_acked" ] && max_acked=$last
  out=$("$ICN" ledger verify "$db" 2>&1)
  rc=$?
  if [ "$rc" -ne 0 ]; then
    fail "round $round: verify exited $rc: $out"
    continue
  fi
  height=$(echo "$out" | sed -nE 's/^ok: ([0-9]+) entries.*/\1/p')
  if [ -z "$height" ] || [ "$height" -lt "$max_acked" ]; then
    fail "round $round: ledger has $height entries but height $max_acked was acknowledged"
  fi
  echo "round $round: acknowledged up to $max_acked, ledger has $height entries"
done

[ "$max_acked" -gt 20 ] || fail "the writer never acknowledged anything after setup"
[ "$failures" -eq 0 ] && echo "ledger_crash: 50 kills, every acknowledged transaction survived"
exit $((failures > 0))
