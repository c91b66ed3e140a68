// Bid score terms, weights and the ranking order (protocol/market/scoring.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "market_test_util.hpp"
#include "protocol/economics/fixed_point.hpp"
#include "protocol/economics/params.hpp"
#include "protocol/market/scoring.hpp"
#include "protocol/market/selection.hpp"

using namespace icn;
using namespace icn::market;
using namespace market_test;
using icn::economics::kPpbOne;

TEST_CASE("price term: 1 - price / max_price") {
  CHECK(price_term(0, 100) == kPpbOne);
  CHECK(price_term(25, 100) == 750'000'000);
  CHECK(price_term(100, 100) == 0);
  CHECK(price_term(150, 100) == 0);
  CHECK(price_term(0, 0) == kPpbOne);
  CHECK(price_term(1, 0) == 0);
  CHECK(price_term(1, 3) == 666'666'666);
}

TEST_CASE("reputation term is the reputation, clamped to 1") {
  CHECK(reputation_term(0) == 0);
  CHECK(reputation_term(500'000) == 500'000'000);
  CHECK(reputation_term(1'000'000) == kPpbOne);
  CHECK(reputation_term(5'000'000) == kPpbOne);
}

TEST_CASE("resource fit is capped: offering more than needed earns nothing") {
  v1::Resources need;
  need.set_cpu_millicores(1000);
  need.set_memory_bytes(1000);
  need.set_storage_bytes(1000);
  v1::Resources exact = need;
  v1::Resources huge;
  huge.set_cpu_millicores(64'000);
  huge.set_memory_bytes(1ULL << 40);
  huge.set_storage_bytes(1ULL << 50);
  CHECK(resource_fit_term(need, exact) == kPpbOne);
  CHECK(resource_fit_term(need, huge) == kPpbOne);
  CHECK(resource_fit_term(need, huge) == resource_fit_term(need, exact));
  v1::Resources half = need;
  half.set_cpu_millicores(500);  // (0.5 + 1 + 1) / 3
  CHECK(resource_fit_term(need, half) == 833'333'333);
  // Nothing needed: a full fit whatever is offered.
  CHECK(resource_fit_term(v1::Resources(), v1::Resources()) == kPpbOne);

  // Whole score: a bid offering the whole machine scores exactly as one offering the need.
  const auto params = economics::default_economic_params();
  const auto spec = make_spec();
  auto modest = make_bid(spec, "did:a", 50);
  auto greedy = modest;
  *greedy.mutable_offered() = huge;
  CHECK(score_bid(spec, modest, 500'000, params).total ==
        score_bid(spec, greedy, 500'000, params).total);
}

TEST_CASE("latency term: reference / (reference + latency)") {
  CHECK(latency_term(0, 50) == kPpbOne);
  CHECK(latency_term(50, 50) == kPpbOne / 2);
  CHECK(latency_term(150, 50) == 250'000'000);
  CHECK(latency_term(0, 0) == kPpbOne);
  CHECK(latency_term(10, 0) == 0);
  CHECK(latency_term(UINT32_MAX, UINT32_MAX) == kPpbOne / 2);
}

TEST_CASE("bond term: bond / (bond + reference)") {
  CHECK(bond_term(0, 5000) == 0);
  CHECK(bond_term(5000, 5000) == kPpbOne / 2);
  CHECK(bond_term(15000, 5000) == 750'000'000);
  CHECK(bond_term(0, 0) == kPpbOne);
  CHECK(bond_term(UINT64_MAX, UINT64_MAX) == kPpbOne / 2);
  CHECK(bond_term(UINT64_MAX, 1) <= kPpbOne);
}

TEST_CASE("every term and the total stay in [0,1] over a grid of bids") {
  const auto params = economics::default_economic_params();
  const auto spec = make_spec(1000);
  for (std::uint64_t price : {0ULL, 1ULL, 500ULL, 999ULL, 1000ULL, 5000ULL}) {
    for (std::uint32_t rep : {0U, 1U, 500'000U, 1'000'000U, 4'000'000U}) {
      for (std::uint32_t latency : {0U, 1U, 50U, 100'000U, UINT32_MAX}) {
        for (std::uint64_t bond :
             {std::uint64_t{0}, std::uint64_t{1000}, std::uint64_t{UINT64_MAX}}) {
          for (std::uint32_t cpu : {0U, 500U, 1000U, 100'000U}) {
            auto bid = make_bid(spec, "did:x", price);
            bid.set_latency_ms(latency);
            bid.set_bond(bond);
            bid.mutable_offered()->set_cpu_millicores(cpu);
            const BidScore s = score_bid(spec, bid, rep, params);
            for (std::uint64_t term :
                 {s.price, s.reputation, s.resource_fit, s.latency, s.bond, s.total}) {
              CHECK(term <= kPpbOne);
            }
          }
        }
      }
    }
  }
  // Maximal weights do not overflow the weighted sum.
  auto heavy = params;
  auto* w = heavy.mutable_bid_weights();
  w->set_price_bp(UINT32_MAX);
  w->set_reputation_bp(UINT32_MAX);
  w->set_resource_fit_bp(UINT32_MAX);
  w->set_latency_bp(UINT32_MAX);
  w->set_bond_bp(UINT32_MAX);
  auto perfect = make_bid(spec, "did:x", 0);
  perfect.set_latency_ms(0);
  perfect.set_bond(UINT64_MAX);
  CHECK(score_bid(spec, perfect, 1'000'000, heavy).total >= kPpbOne - 1);
}

TEST_CASE("weights: the total is the weighted mean of the terms") {
  auto params = economics::default_economic_params();
  auto* w = params.mutable_bid_weights();
  w->set_price_bp(10000);
  w->set_reputation_bp(0);
  w->set_resource_fit_bp(0);
  w->set_latency_bp(0);
  w->set_bond_bp(0);
  const auto spec = make_spec(100);
  auto bid = make_bid(spec, "did:x", 40);
  CHECK(score_bid(spec, bid, 0, params).total == 600'000'000);
  w->set_price_bp(0);
  w->set_reputation_bp(3);
  CHECK(score_bid(spec, bid, 250'000, params).total == 250'000'000);
  w->set_reputation_bp(0);
  CHECK(score_bid(spec, bid, 250'000, params).total == 0);  // all weights 0
}

TEST_CASE("reputation cannot swamp price under default weights") {
  const auto params = economics::default_economic_params();
  const auto spec = make_spec(100);
  // A bid at twice the price with maximal reputation loses to a cheap, average one.
  const auto cheap = make_bid(spec, "did:cheap", 30);
  const auto pricey = make_bid(spec, "did:pricey", 60);
  const BidScore cheap_score = score_bid(spec, cheap, 500'000, params);
  const BidScore pricey_score = score_bid(spec, pricey, 1'000'000, params);
  CHECK(cheap_score.total > pricey_score.total);
  CHECK(ranks_before(cheap, cheap_score, pricey, pricey_score));

  // The bound: reputation 0.5 -> 1.0 is worth (2000 / 5000) * 0.5 = 20% of max_price.
  const auto within = make_bid(spec, "did:within", 49);  // 19% dearer: reputation wins
  const auto beyond = make_bid(spec, "did:beyond", 51);  // 21% dearer: price wins
  CHECK(score_bid(spec, within, 1'000'000, params).total > cheap_score.total);
  CHECK(score_bid(spec, beyond, 1'000'000, params).total < cheap_score.total);

  // Even reputation 0 -> 1 is worth at most 40% of max_price.
  const auto dear = make_bid(spec, "did:dear", 71);
  CHECK(score_bid(spec, dear, 1'000'000, params).total < score_bid(spec, cheap, 0, params).total);
}

TEST_CASE("tie-break: score, then lower price, then higher bond, then smaller DID") {
  const auto spec = make_spec();
  BidScore same;
  same.total = 700'000'000;
  BidScore better = same;
  better.total += 1;
  auto a = make_bid(spec, "did:b", 50);
  auto b = make_bid(spec, "did:a", 50);
  CHECK(ranks_before(a, better, b, same));  // higher score wins first
  CHECK_FALSE(ranks_before(b, same, a, better));
  auto cheaper = make_bid(spec, "did:z", 49);
  CHECK(ranks_before(cheaper, same, a, same));
  auto bonded = make_bid(spec, "did:z", 50);
  bonded.set_bond(2000);
  CHECK(ranks_before(bonded, same, a, same));
  CHECK(ranks_before(b, same, a, same));  // did:a < did:b
  CHECK_FALSE(ranks_before(a, same, b, same));
  // Same executor, same price and bond: the deterministic bytes decide, never input order.
  auto c = make_bid(spec, "did:a", 50);
  c.set_latency_ms(11);
  CHECK(ranks_before(b, same, c, same) != ranks_before(c, same, b, same));
  CHECK_FALSE(ranks_before(b, same, b, same));
}

TEST_CASE("selection does not depend on the order bids arrive in") {
  const auto params = economics::default_economic_params();
  const auto spec = make_spec();
  std::vector<v1::Bid> bids;
  for (const char* did : {"did:e", "did:c", "did:a", "did:d", "did:b"}) {
    bids.push_back(make_bid(spec, did, 50));  // identical but for the DID
  }
  std::vector<std::size_t> order = {0, 1, 2, 3, 4};
  int permutations = 0;
  do {
    std::vector<v1::Bid> shuffled;
    for (auto i : order) shuffled.push_back(bids[i]);
    auto sel = select_executor(spec, shuffled, {}, params, kNow);
    REQUIRE(sel);
    REQUIRE(sel->winner);
    CHECK(sel->winner->executor() == "did:a");
    REQUIRE(sel->ranking.size() == 5);
    CHECK(sel->ranking[4].executor == "did:e");
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  CHECK(permutations == 120);
}

TEST_CASE("the worked example of docs/economics.md") {
  const auto params = economics::default_economic_params();
  const auto spec = make_spec(100);
  const auto a = make_bid(spec, "did:key:alice", 40);
  auto b = make_bid(spec, "did:key:bob", 60);
  b.set_latency_ms(100);
  b.set_bond(20000);
  b.mutable_offered()->set_cpu_millicores(8000);
  b.mutable_offered()->set_memory_bytes(8ULL << 30);
  const BidScore sa = score_bid(spec, a, 500'000, params);
  const BidScore sb = score_bid(spec, b, 900'000, params);
  CHECK(sa.latency == 833'333'333);
  CHECK(sa.bond == 166'666'666);
  CHECK(sa.total == 599'999'999);
  CHECK(sb.resource_fit == kPpbOne);
  CHECK(sb.bond == 800'000'000);
  CHECK(sb.total == 593'333'333);
  auto sel = select_executor(spec, {b, a}, {{"did:key:alice", 500'000}, {"did:key:bob", 900'000}},
                             params, kNow);
  REQUIRE(sel);
  REQUIRE(sel->winner);
  CHECK(sel->winner->executor() == "did:key:alice");
}
