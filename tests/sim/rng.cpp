// The simulator's seeded streams: reproducible, independent per name, integer-derived ranges.
#include <doctest/doctest.h>

#include <set>

#include "sim/rng.hpp"

using icn::sim::SimRandom;

TEST_CASE("the same seed and name give the same numbers, known first values") {
  SimRandom a(42, "node/alice"), b(42, "node/alice");
  std::uint64_t first[3];
  for (auto& x : first) {
    x = a.next_u64();
    CHECK(x == b.next_u64());
  }
  SimRandom c(42, "node/alice");
  CHECK(c.next_u64() == first[0]);
  // Pinned: a change in seeding or in xoshiro256** breaks every recorded trace.
  CHECK(first[0] == 12476890569200255306ULL);
  CHECK(first[1] == 10800801628069745992ULL);
  CHECK(first[2] == 9934577689554598356ULL);
}

TEST_CASE("other seeds and other names give other streams") {
  SimRandom a(42, "node/alice"), b(43, "node/alice"), c(42, "node/bob");
  const auto x = a.next_u64();
  CHECK(x != b.next_u64());
  CHECK(x != c.next_u64());
}

TEST_CASE("uniform stays in range and covers it") {
  SimRandom r(7, "uniform");
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto v = r.uniform(10);
    CHECK(v < 10);
    seen.insert(v);
  }
  CHECK(seen.size() == 10);
  double sum = 0;
  for (int i = 0; i < 10000; ++i) sum += r.unit();
  CHECK(sum / 10000 == doctest::Approx(0.5).epsilon(0.03));
}

TEST_CASE("exponential durations have the requested mean") {
  SimRandom r(9, "arrivals");
  double sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) sum += static_cast<double>(icn::sim::exponential_ms(r, 1000));
  CHECK(sum / n == doctest::Approx(1000).epsilon(0.05));
}

TEST_CASE("fixed-point exp is close to exp") {
  CHECK(icn::sim::exp_q16(0) == doctest::Approx(65536).epsilon(0.001));
  CHECK(static_cast<double>(icn::sim::exp_q16(65536)) / 65536 ==
        doctest::Approx(2.71828).epsilon(0.001));
  CHECK(static_cast<double>(icn::sim::exp_q16(-65536)) / 65536 ==
        doctest::Approx(0.367879).epsilon(0.002));
  CHECK(static_cast<double>(icn::sim::exp_q16(3 * 65536)) / 65536 ==
        doctest::Approx(20.0855).epsilon(0.001));
}
