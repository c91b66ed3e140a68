#pragma once
// libsodium wants sodium_init() before use (it selects the fastest implementations). It is
// idempotent and thread-safe; a function-local static runs it once per process.
#include <sodium.h>

namespace icn {

inline void ensure_sodium() {
  static const int initialized = sodium_init();
  (void)initialized;
}

}  // namespace icn
