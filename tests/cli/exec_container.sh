#!/usr/bin/env bash
# icnmesh exec on the container examples: in the namespace sandbox (no daemon reachable), then
# on the private Docker daemon of the ctest fixture when one runs (ICNMESH_DOCKER_STATE).
# Usage: exec_container.sh ICNMESH SOURCE_DIR      (exit 77 = skipped: no container engine)
set -uo pipefail
icnmesh="$1"
src="$2"
jobs="$src/scenarios/jobs"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expected_hash="sha256:4d7087b89ea8e92007256b5f057c45fb58f657cc5876de91c051ab69a4c95786"

check_engine() {  # ENGINE: runs the echo and OOM examples with the current environment
  local engine="$1" out rc
  out="$("$icnmesh" exec "$jobs/container-echo.pbtxt" --json 2>&1)"; rc=$?
  [ $rc = 0 ] || fail "[$engine] container-echo exited $rc: $out"
  echo "$out" | grep -q "\"engine\": \"$engine\"" || fail "[$engine] wrong engine: $out"
  echo "$out" | grep -q "\"output_hash\": \"$expected_hash\"" || fail "[$engine] output: $out"
  out="$("$icnmesh" exec "$jobs/container-oom.pbtxt" 2>&1)"; rc=$?
  [ $rc = 1 ] || fail "[$engine] container-oom exited $rc (want 1): $out"
  echo "$out" | grep -q "status: *limit_exceeded" || fail "[$engine] oom status: $out"
  echo "$out" | grep -q "out of memory (limit 33554432 bytes)" || fail "[$engine] oom reason: $out"
  # An image whose id is not the pinned digest is refused.
  sed 's/digest: "sha256:[0-9a-f]*"/digest: "sha256:1111111111111111111111111111111111111111111111111111111111111111"/' \
    "$jobs/container-echo.pbtxt" >"$tmp/bad-digest.pbtxt"
  out="$("$icnmesh" exec "$tmp/bad-digest.pbtxt" 2>&1)"; rc=$?
  [ $rc = 1 ] || fail "[$engine] bad digest exited $rc (want 1): $out"
  echo "$out" | grep -q "the spec pins sha256:1111" || fail "[$engine] bad digest reason: $out"
  echo "exec_container: $engine ok"
}

# Namespace sandbox: no daemon at DOCKER_HOST, root filesystem built on demand in a temp dir.
out="$(DOCKER_HOST=unix://$tmp/none.sock ICNMESH_ROOTFS_DIR="$tmp/rootfs" \
       "$icnmesh" exec "$jobs/container-echo.pbtxt" 2>&1)"
if echo "$out" | grep -q "no engine on this machine"; then
  echo "SKIPPED: no container engine (namespace sandbox needs root; no docker daemon): $out"
  exit 77
fi
DOCKER_HOST="unix://$tmp/none.sock" ICNMESH_ROOTFS_DIR="$tmp/rootfs" check_engine namespace

state="${ICNMESH_DOCKER_STATE:-}"
if [ -n "$state" ] && [ -f "$state/socket" ] && [ ! -f "$state/skip-reason" ]; then
  DOCKER_HOST="unix://$(cat "$state/socket")" check_engine docker
elif [ -n "$state" ] && [ -f "$state/skip-reason" ]; then
  echo "SKIPPED (docker part): no docker daemon: $(cat "$state/skip-reason")"
else
  echo "SKIPPED (docker part): no docker daemon: the ctest fixture did not run"
fi
echo "exec_container: ok"
