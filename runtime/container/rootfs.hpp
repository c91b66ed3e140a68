#pragma once
// Root filesystems of the namespace sandbox. An image name maps to a directory under the
// runtime's rootfs dir ("icnmesh/busybox:1" -> "<dir>/icnmesh_busybox_1"); the built-in
// icnmesh/busybox:* images are built there on demand from busybox-static. A directory's image
// id is the Docker image id of the single-layer image made from it by the recipe in
// runtime/images/rootfs-common.sh, so a spec's pinned digest means the same bytes for the
// Docker and the namespace backends.
#include <string>

#include "protocol/core/bytes.hpp"
#include "protocol/core/error.hpp"

namespace icn::runtime::rootfs {

/// The directory name an image name maps to: '/' and ':' become '_'; empty for names with
/// anything but [A-Za-z0-9._-/:] or a leading '.'.
std::string image_dir_name(const std::string& image);

/// True for the images this runtime can build itself (icnmesh/busybox:<tag>).
bool is_builtin_image(const std::string& image);

/// (Re)builds the busybox root filesystem at `dir` (layout of rootfs-common.sh).
Expected<bool> build_busybox_rootfs(const std::string& dir,
                                    const std::string& busybox = "/bin/busybox");

/// The image id ("sha256:...") of the root filesystem at `dir` (runs GNU tar over it).
Expected<std::string> image_id_of(const std::string& dir);

/// A `docker load` archive of the busybox image tagged `tag` (same bytes, so the same image id,
/// as runtime/images/build-test-image.sh), built in the empty scratch directory `work_dir`.
Expected<Bytes> busybox_image_archive(const std::string& work_dir, const std::string& tag);

}  // namespace icn::runtime::rootfs
