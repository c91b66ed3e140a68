#!/usr/bin/env bash
# Stops the private Docker daemon started by start-dockerd.sh and removes its files.
# Usage: stop-dockerd.sh STATE_DIR
set -uo pipefail
state="${1:?usage: stop-dockerd.sh STATE_DIR}"
run="$(cat "$state/runtime-dir" 2>/dev/null || true)"
if [ -n "$run" ] && [ -d "$run" ]; then
  pid="$(cat "$run/dockerd.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  # Anything the daemon left mounted under its data root (overlay layers, shm) goes first.
  grep -o " $run/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  rm -rf "$run"
fi
rm -f "$state/socket" "$state/image-id" "$state/runtime-dir" "$state/skip-reason"
echo "docker fixture: stopped"
