#pragma once
// Exact integer helpers for money and scores: no floating point touches amounts or the
// bid-comparison path (docs/economics.md, "Determinism").
#include <cstdint>
#include <optional>

namespace icn::economics {

/// Scores are parts per billion: 1'000'000'000 = 1.0.
inline constexpr std::uint64_t kPpbOne = 1'000'000'000ULL;
/// Reputation and probabilities are parts per million: 1'000'000 = 1.0.
inline constexpr std::uint32_t kPpmOne = 1'000'000U;

/// floor(a * b / c) computed in 128 bits; c == 0 gives 0. Saturates at UINT64_MAX.
std::uint64_t mul_div_floor(std::uint64_t a, std::uint64_t b, std::uint64_t c);
/// ceil(a * b / c) computed in 128 bits; c == 0 gives 0. Saturates at UINT64_MAX.
std::uint64_t mul_div_ceil(std::uint64_t a, std::uint64_t b, std::uint64_t c);
/// floor(amount * bp / 10000): a basis-point share of an amount (never more than amount when
/// bp <= 10000).
std::uint64_t bp_share(std::uint64_t amount, std::uint64_t bp);
/// a + b, or nullopt on overflow.
std::optional<std::uint64_t> checked_add(std::uint64_t a, std::uint64_t b);

}  // namespace icn::economics
