#!/usr/bin/env bash
# Every icnmesh command over mutated copies of every shipped input exits 0, 1 or 2: no signal,
# no sanitizer report, no hang (the mutations and checks: tests/cli/hostile_input.py).
# Usage: bash hostile_input.sh <path-to-icnmesh> <source-dir>
exec python3 "$(dirname "$0")/hostile_input.py" "$@"
