#include "sim/rng.hpp"

#include "protocol/crypto/sha256.hpp"

namespace icn::sim {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

SimRandom::SimRandom(std::uint64_t seed, std::string_view stream_name) {
  Bytes material;
  append_u64_be(material, seed);
  material.insert(material.end(), stream_name.begin(), stream_name.end());
  const Digest digest = sha256(material);
  for (int i = 0; i < 4; ++i) {
    std::uint64_t word = 0;
    for (int b = 0; b < 8; ++b) word = (word << 8) | digest[static_cast<std::size_t>(i * 8 + b)];
    s_[static_cast<std::size_t>(i)] = word;
  }
  // xoshiro's only forbidden state is all zeros; SHA-256 output makes it astronomically
  // unlikely, but a fixed fallback keeps the generator total.
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 0x9e3779b97f4a7c15ULL;
}

static inline std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

std::uint64_t SimRandom::next_u64() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::int64_t normal_q16(actors::RandomStream& rng) {
  std::int64_t sum = 0;
  for (int i = 0; i < 12; ++i) sum += static_cast<std::int64_t>(rng.next_u64() >> 48);  // Q16
  return sum - 6 * 65536;
}

std::uint64_t exp_q16(std::int64_t x_q16) {
  // exp(x) = 2^(x / ln 2) = 2^k * 2^f with k integer and f in [0,1); 2^f by a degree-5
  // polynomial in Q30 (error < 1e-6, far below the millisecond resolution of delays).
  constexpr std::int64_t kInvLn2Q16 = 94548;  // 1/ln(2) * 65536
  if (x_q16 > 20 * 65536) x_q16 = 20 * 65536;
  if (x_q16 < -20 * 65536) return 0;
  const std::int64_t y_q16 = (x_q16 * kInvLn2Q16) >> 16;  // x / ln2 in Q16 (floor)
  std::int64_t k = y_q16 >> 16;                           // floor
  const std::int64_t f_q30 = (y_q16 - k * 65536) << 14;  // [0, 1) in Q30; k may be < 0
  // Taylor-like minimax coefficients of 2^f, in Q30.
  constexpr std::int64_t c[] = {1073741824, 744261118, 257941866, 59597720, 10327235, 1431567};
  std::int64_t acc = c[5];
  for (int i = 4; i >= 0; --i) acc = c[i] + ((acc * f_q30) >> 30);
  // acc = 2^f in Q30; scale to Q16 times 2^k.
  std::int64_t shift = k - 14;
  std::uint64_t out = static_cast<std::uint64_t>(acc);
  return shift >= 0 ? out << shift : out >> (-shift);
}

std::uint64_t exponential_ms(actors::RandomStream& rng, std::uint64_t mean_ms) {
  // -ln(U) for U uniform in (0,1]: ln via log2 = position of the top bit + a polynomial on
  // the mantissa (all integer), then times ln 2.
  std::uint64_t u = (rng.next_u64() >> 11) + 1;  // 1 .. 2^53
  int top = 63 - __builtin_clzll(u);             // u = 2^top * (1 + m)
  // m in Q30
  const std::int64_t m_q30 = top >= 30
                                 ? static_cast<std::int64_t>((u >> (top - 30)) - (1ULL << 30))
                                 : static_cast<std::int64_t>((u << (30 - top)) - (1ULL << 30));
  // ln(1+m) = 2 atanh(s) with s = m / (2 + m) in [0, 1/3]: 2(s + s^3/3 + s^5/5 + s^7/7 + s^9/9).
  const std::int64_t s_q30 = (m_q30 << 30) / ((2LL << 30) + m_q30);
  const std::int64_t s2 = (s_q30 * s_q30) >> 30;
  std::int64_t series = s_q30 / 9;
  for (int d = 7; d >= 1; d -= 2) series = s_q30 / d + ((series * s2) >> 30);
  const std::int64_t ln1m_q30 = 2 * series;
  constexpr std::int64_t kLn2Q30 = 744261118;
  // -ln U = 53 ln 2 - (top ln 2 + ln(1+m)) >= 0.
  const std::int64_t neg_ln_q30 = (53 - top) * kLn2Q30 - ln1m_q30;
  const std::uint64_t ln_q30 = static_cast<std::uint64_t>(neg_ln_q30 < 0 ? 0 : neg_ln_q30);
  // ln_q30 < 2^36; keep the product below 2^64 for means up to ~2^27 ms and degrade
  // precision gracefully above that.
  if (mean_ms < (1ULL << 27)) return (ln_q30 * mean_ms) >> 30;
  return ((ln_q30 >> 10) * mean_ms) >> 20;
}

}  // namespace icn::sim
