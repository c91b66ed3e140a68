# Shared by build-rootfs.sh and build-test-image.sh (sourced, not run).
# The layout and the image id recipe must match runtime/container/rootfs.cpp byte for byte:
#   DIR/ 0755; bin/ 0755; bin/busybox 0755 (a copy of busybox-static); bin/<applet> -> busybox
#   for every applet of `busybox --list`; dev/ etc/ proc/ 0755; tmp/ 1777.
# Image id: layer = GNU tar --format=ustar --sort=name --mtime=@0 --owner=0 --group=0
# --numeric-owner -C DIR . ; config = the JSON below with diff_ids = [sha256 of the layer];
# id = "sha256:" + sha256 of the config bytes (what `docker load` reports for that config).

ICNMESH_BUSYBOX="${ICNMESH_BUSYBOX:-/bin/busybox}"

icnmesh_build_rootfs() {  # DIR
  local dir="$1"
  [ -x "$ICNMESH_BUSYBOX" ] || { echo "busybox-static not found at $ICNMESH_BUSYBOX" >&2; return 1; }
  local tmp="${dir}.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp/bin" "$tmp/dev" "$tmp/etc" "$tmp/proc" "$tmp/tmp"
  cp "$ICNMESH_BUSYBOX" "$tmp/bin/busybox"
  local applet
  for applet in $("$ICNMESH_BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$tmp/bin/$applet"
  done
  chmod 0755 "$tmp" "$tmp/bin" "$tmp/bin/busybox" "$tmp/dev" "$tmp/etc" "$tmp/proc"
  chmod 1777 "$tmp/tmp"
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  mv "$tmp" "$dir"
}

icnmesh_layer_tar() {  # DIR OUT
  tar --format=ustar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
      -C "$1" -cf "$2" .
}

icnmesh_image_config() {  # DIFF_ID_HEX
  printf '{"architecture":"amd64","config":{"Cmd":["/bin/sh"],"Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]},"created":"1970-01-01T00:00:00Z","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$1"
}
