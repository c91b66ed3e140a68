#!/usr/bin/env bash
# Builds the test image icnmesh/busybox:1 from Debian's busybox-static without a registry and
# prints its image id (sha256:...). Idempotent.
#
# Why `docker load` of a hand-made image archive and not `docker import`: import stamps the
# current time into the image config, so every import gets a new image id and a job spec could
# not pin it. Here the layer is a reproducible tar (fixed mtime, owner and order) and the config
# has a fixed "created" date, so the same busybox-static always yields the same id, and the
# namespace sandbox computes the very same id for its root filesystem (rootfs-common.sh).
#
# Usage: build-test-image.sh [--id-only] [--tag NAME] [--socket PATH]
#   --id-only   print the id without talking to a daemon
#   --socket    the daemon's unix socket (default: DOCKER_HOST unix://..., else /var/run/docker.sock)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/rootfs-common.sh"

tag="icnmesh/busybox:1"
socket=""
id_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --id-only) id_only=1 ;;
    --tag) tag="$2"; shift ;;
    --socket) socket="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "build-test-image.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$socket" ]; then
  case "${DOCKER_HOST:-}" in
    unix://*) socket="${DOCKER_HOST#unix://}" ;;
    *) socket=/var/run/docker.sock ;;
  esac
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
icnmesh_build_rootfs "$work/rootfs"
icnmesh_layer_tar "$work/rootfs" "$work/layer.tar"
diff_id="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
icnmesh_image_config "$diff_id" >"$work/config.json"
image_hex="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
if [ "$id_only" = 1 ]; then
  echo "sha256:$image_hex"
  exit 0
fi

api() {  # METHOD PATH [curl args...]
  local method="$1" path="$2"; shift 2
  curl -sS --unix-socket "$socket" -X "$method" "$@" "http://localhost/v1.41$path"
}
current="$(api GET "/images/$tag/json" 2>/dev/null | sed -n 's/^{"Id":"\(sha256:[0-9a-f]*\)".*/\1/p')"
if [ "$current" != "sha256:$image_hex" ]; then
  mkdir -p "$work/image/$diff_id"
  cp "$work/layer.tar" "$work/image/$diff_id/layer.tar"
  cp "$work/config.json" "$work/image/$image_hex.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' \
    "$image_hex" "$tag" "$diff_id" >"$work/image/manifest.json"
  tar -C "$work/image" -cf "$work/image.tar" .
  answer="$(api POST "/images/load?quiet=1" -H 'Content-Type: application/x-tar' \
    --data-binary "@$work/image.tar")"
  current="$(api GET "/images/$tag/json" | sed -n 's/^{"Id":"\(sha256:[0-9a-f]*\)".*/\1/p')"
  if [ "$current" != "sha256:$image_hex" ]; then
    echo "build-test-image.sh: loading failed (daemon said: $answer; $tag is '${current}')" >&2
    exit 1
  fi
fi
echo "sha256:$image_hex"
