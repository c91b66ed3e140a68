#!/usr/bin/env bash
# Builds the namespace sandbox's root filesystem for icnmesh/busybox:1 from busybox-static
# (bin/busybox + one symlink per applet) and prints its image id, which equals the Docker image
# id build-test-image.sh produces. Idempotent.
# Usage: build-rootfs.sh [DIR]   (default: $ICNMESH_ROOTFS_DIR or ~/.cache/icnmesh/rootfs,
#        image directory icnmesh_busybox_1 inside it, as runtime/container/rootfs.cpp maps names)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/rootfs-common.sh"

base="${ICNMESH_ROOTFS_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/icnmesh/rootfs}"
dir="${1:-$base/icnmesh_busybox_1}"
if [ ! -x "$dir/bin/busybox" ] || ! cmp -s "$dir/bin/busybox" "$ICNMESH_BUSYBOX"; then
  icnmesh_build_rootfs "$dir"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
icnmesh_layer_tar "$dir" "$work/layer.tar"
diff_id="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
icnmesh_image_config "$diff_id" >"$work/config.json"
echo "sha256:$(sha256sum "$work/config.json" | cut -d' ' -f1)"
