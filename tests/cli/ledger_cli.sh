#!/usr/bin/env bash
# icnmesh ledger verify/balance/history: exit codes 0/1/2, hand-corrupted rows, JSON output.
# usage: bash ledger_cli.sh <path-to-icnmesh> <source-dir>
set -u
ICN="$1"
work=$(mktemp -d /tmp/icnmesh-ledger-cli-XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect CODE PATTERN CMD...: runs CMD, checks its exit code and that its output matches PATTERN.
expect() {
  local code="$1" pattern="$2"
  shift 2
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  [ "$rc" -eq "$code" ] || fail "$* exited $rc, expected $code; output: $out"
  echo "$out" | grep -Eq -- "$pattern" || fail "$* output does not match '$pattern': $out"
}

db="$work/ledger.db"
expect 0 '^wrote 58 entries' "$ICN" ledger demo-populate "$db" --count 50 --seed 3
expect 2 'already exists' "$ICN" ledger demo-populate "$db" --count 5 --seed 3
expect 0 '^ok: 58 entries, supply [0-9]+$' "$ICN" ledger verify "$db"

# balance of a funded account, as text and JSON
did=$("$ICN" ledger history "$db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["tx"]["mint"]["to"])')
[ -n "$did" ] || fail "no DID in history --json"
expect 0 '^free +[0-9]+' "$ICN" ledger balance "$db" "$did"
"$ICN" ledger balance "$db" "$did" --json | python3 -m json.tool >/dev/null || fail "balance --json is not JSON"
free=$("$ICN" ledger balance "$db" "$did" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["free"])')
[ "$free" -gt 0 ] || fail "funded account has free=$free"
expect 0 '"known": false' "$ICN" ledger balance "$db" did:key:nobody --json

# history: table, JSON array of every entry, job filter
expect 0 '^height +time +kind' "$ICN" ledger history "$db"
"$ICN" ledger history "$db" --json | python3 -m json.tool >/dev/null || fail "history --json is not JSON"
n=$("$ICN" ledger history "$db" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = 58 ] || fail "history --json has $n entries, expected 58"
job=$(sqlite3 "$db" "SELECT job_id FROM entries WHERE kind = 'escrow_lock' LIMIT 1")
if [ -n "$job" ]; then
  kinds=$("$ICN" ledger history "$db" --job "$job" --json | python3 -c 'import json,sys; print(" ".join(sorted({e["job_id"] for e in json.load(sys.stdin)})))')
  [ "$kinds" = "$job" ] || fail "history --job returned other jobs: $kinds"
else
  fail "demo ledger has no escrow_lock"
fi

# exit 1: a changed amount column, changed tx bytes, a deleted entry (each on a fresh copy)
cp "$db" "$work/amount.db"
sqlite3 "$work/amount.db" "UPDATE entries SET amount = amount + 1 WHERE height = 17"
expect 1 '^entry 17: column amount is' "$ICN" ledger verify "$work/amount.db"
cp "$db" "$work/bytes.db"
sqlite3 "$work/bytes.db" "UPDATE entries SET tx_bytes = tx_bytes || x'00' WHERE height = 23"
expect 1 '^entry 23: hash mismatch \(stored [0-9a-f]{64}, computed [0-9a-f]{64}\)' "$ICN" ledger verify "$work/bytes.db"
cp "$db" "$work/deleted.db"
sqlite3 "$work/deleted.db" "DELETE FROM entries WHERE height = 5"
expect 1 '^entry 5 missing: heights jump from 4 to 6$' "$ICN" ledger verify "$work/deleted.db"
expect 1 '^entry 5 missing' "$ICN" ledger balance "$work/deleted.db" "$did"
# the original is untouched by verify
expect 0 '^ok: 58 entries' "$ICN" ledger verify "$db"

# exit 2: missing file, not a database, a database that is not a ledger, usage errors
expect 2 'no such file' "$ICN" ledger verify "$work/missing.db"
echo "hello" > "$work/text.db"
expect 2 'not a SQLite database|not an icnmesh ledger' "$ICN" ledger verify "$work/text.db"
sqlite3 "$work/other.db" "CREATE TABLE t (x INTEGER)"
expect 2 'not an icnmesh ledger' "$ICN" ledger verify "$work/other.db"
expect 2 'usage' "$ICN" ledger
expect 2 'unknown verb' "$ICN" ledger frobnicate
expect 2 '' "$ICN" ledger verify "$db" --no-such-flag
expect 0 'usage: icnmesh ledger verify' "$ICN" ledger verify --help
expect 0 'usage: icnmesh ledger <verb>' "$ICN" ledger --help

[ "$failures" -eq 0 ] && echo "ledger_cli: all checks passed"
exit $((failures > 0))
