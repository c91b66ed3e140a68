# Copies FILE into the content store STORE as "sha256-<hex>" and writes the content id
# ("sha256:<hex>") to ID_FILE. Run as: cmake -DFILE=.. -DSTORE=.. -DID_FILE=.. -P store_put.cmake
file(SHA256 "${FILE}" hex)
file(MAKE_DIRECTORY "${STORE}")
file(COPY_FILE "${FILE}" "${STORE}/sha256-${hex}" ONLY_IF_DIFFERENT)
file(WRITE "${ID_FILE}" "sha256:${hex}\n")
