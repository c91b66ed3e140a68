#include "protocol/economics/fixed_point.hpp"

#include <limits>

namespace icn::economics {
namespace {

__extension__ typedef unsigned __int128 U128;

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t saturate(U128 v) {
  return v > kMax ? kMax : static_cast<std::uint64_t>(v);
}

}  // namespace

std::uint64_t mul_div_floor(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  if (c == 0) return 0;
  return saturate(static_cast<U128>(a) * b / c);
}

std::uint64_t mul_div_ceil(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  if (c == 0) return 0;
  const U128 product = static_cast<U128>(a) * b;
  return saturate(product / c + (product % c != 0 ? 1 : 0));
}

std::uint64_t bp_share(std::uint64_t amount, std::uint64_t bp) {
  return mul_div_floor(amount, bp, 10000);
}

std::optional<std::uint64_t> checked_add(std::uint64_t a, std::uint64_t b) {
  if (a > kMax - b) return std::nullopt;
  return a + b;
}

}  // namespace icn::economics
