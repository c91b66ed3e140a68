#!/usr/bin/env bash
# Starts a private Docker daemon for the docker tests and loads the test image.
# Usage: start-dockerd.sh STATE_DIR [SOURCE_DIR]
# Writes into STATE_DIR: socket (the daemon's unix socket path), image-id, runtime-dir; or,
# when no daemon can run here, skip-reason (the docker tests then print "SKIPPED: ..." and
# pass). Always exits 0 unless STATE_DIR is missing, so the suite passes without docker.
#
# The daemon gets no network of its own: no bridge, no iptables/NAT rules, no ip_forward
# (flags from the runtime probe notes); its data, exec root and socket live in a temp dir.
set -uo pipefail
state="${1:?usage: start-dockerd.sh STATE_DIR [SOURCE_DIR]}"
src="${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
mkdir -p "$state"
rm -f "$state/skip-reason" "$state/image-id"

skip() {
  echo "$*" >"$state/skip-reason"
  echo "docker fixture: SKIPPED: no docker daemon: $*"
  exit 0
}

ping_ok() { [ "$(curl -s -m 2 --unix-socket "$1" http://localhost/_ping 2>/dev/null)" = OK ]; }

# Already running from an earlier start (for example a re-run without stop): reuse it.
if [ -f "$state/socket" ] && ping_ok "$(cat "$state/socket")"; then
  sock="$(cat "$state/socket")"
else
  command -v dockerd >/dev/null || skip "dockerd is not installed (apt-get install docker.io)"
  command -v curl >/dev/null || skip "curl is not installed"
  [ "$(id -u)" = 0 ] || skip "dockerd needs root (running as uid $(id -u))"
  [ -d /sys/fs/cgroup/memory ] || [ -f /sys/fs/cgroup/cgroup.controllers ] ||
    skip "no cgroup memory controller under /sys/fs/cgroup"
  # Unix socket paths are limited to 108 bytes: keep the daemon's files under a short temp dir.
  run="$(mktemp -d /tmp/icnmesh-dockerd.XXXXXX)"
  echo "$run" >"$state/runtime-dir"
  sock="$run/docker.sock"
  setsid dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    --userland-proxy=false --data-root "$run/data" --exec-root "$run/exec" \
    --host "unix://$sock" --pidfile "$run/dockerd.pid" --log-level warn \
    </dev/null >"$run/dockerd.log" 2>&1 &
  for _ in $(seq 1 300); do
    ping_ok "$sock" && break
    sleep 0.1
  done
  if ! ping_ok "$sock"; then
    reason="dockerd did not answer on $sock within 30 s: $(tail -n 3 "$run/dockerd.log" | tr '\n' ' ')"
    bash "$(dirname "$0")/stop-dockerd.sh" "$state" >/dev/null 2>&1
    mkdir -p "$state"
    skip "$reason"
  fi
  echo "$sock" >"$state/socket"
fi

if ! id="$(bash "$src/runtime/images/build-test-image.sh" --socket "$sock")"; then
  skip "the test image could not be loaded into the private daemon"
fi
echo "$id" >"$state/image-id"
echo "docker fixture: dockerd up on $sock, icnmesh/busybox:1 = $id"
