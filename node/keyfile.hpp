#pragma once
// Key files: one Ed25519 private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), the same
// format `openssl genpkey -algorithm ed25519` writes and `openssl pkey -in FILE` reads.
// Files are created with mode 0600 and never exist world-readable, even briefly.
#include <iosfwd>
#include <string>

#include "protocol/core/error.hpp"
#include "protocol/crypto/ed25519.hpp"

namespace icn::node {

/// A fresh 32-byte seed from the operating system (libsodium randombytes_buf).
Ed25519Seed fresh_seed();

/// Writes `seed` to `path` atomically: a temporary file in the same directory, created with
/// O_CREAT|O_EXCL and mode 0600, written and fsynced, then moved into place. Without `force`
/// an existing `path` is never replaced (error code "exists"). Errors read "PATH: reason".
Expected<void> write_key_file(const std::string& path, const Ed25519Seed& seed, bool force);

/// Reads the seed from a PEM key file. A file readable by group or others is accepted, with
/// "PATH: permissions 0644 are too open ..." written to `warnings` (if not null). Errors read
/// "PATH: reason" (unreadable, "not a PEM Ed25519 private key").
Expected<Ed25519Seed> read_key_file(const std::string& path, std::ostream* warnings);

}  // namespace icn::node
