#pragma once
// Wall and CPU time of one run, for metering (never part of a deterministic result).
#include <chrono>
#include <cstdint>
#include <ctime>

namespace icn::runtime::wasm {

class RunClock {
 public:
  RunClock() : wall_start_(std::chrono::steady_clock::now()), cpu_start_(thread_cpu_ns()) {}
  std::uint64_t wall_ms() const {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - wall_start_)
                                          .count());
  }
  std::uint64_t cpu_ms() const { return (thread_cpu_ns() - cpu_start_) / 1'000'000; }

 private:
  static std::uint64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL +
           static_cast<std::uint64_t>(ts.tv_nsec);
  }
  std::chrono::steady_clock::time_point wall_start_;
  std::uint64_t cpu_start_;
};

}  // namespace icn::runtime::wasm
