// The network model: loss and duplication rates, partitions, FIFO links, latency bounds.
#include <doctest/doctest.h>

#include "sim/network.hpp"
#include "sim/rng.hpp"

using icn::sim::LatencyModel;
using icn::sim::NetworkModel;
using icn::sim::NetworkWindow;
using icn::sim::Route;
using icn::sim::SimRandom;

namespace {
NetworkModel two_nodes() {
  NetworkModel net;
  net.set_classes({LatencyModel{10, 20, 0}});
  net.add_node(0);
  net.add_node(0);
  return net;
}
}  // namespace

TEST_CASE("loss rate stays within bounds over many messages") {
  NetworkModel net = two_nodes();
  net.set_loss(0.05, 0);
  SimRandom rng(1, "network");
  int lost = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) lost += net.route(0, 1, i, rng).fate == Route::Fate::lost;
  CHECK(lost > n * 0.04);
  CHECK(lost < n * 0.06);
}

TEST_CASE("duplication delivers two copies at the configured rate") {
  NetworkModel net = two_nodes();
  net.set_loss(0, 0.1);
  SimRandom rng(2, "network");
  int dups = 0;
  for (int i = 0; i < 10000; ++i) {
    const Route r = net.route(0, 1, i, rng);
    REQUIRE(r.fate == Route::Fate::delivered);
    dups += r.copies == 2;
  }
  CHECK(dups > 850);
  CHECK(dups < 1150);
}

TEST_CASE("latency is base plus jitter, and FIFO links never reorder") {
  NetworkModel net = two_nodes();
  SimRandom rng(3, "network");
  std::uint64_t last_arrival = 0;
  for (std::uint64_t t = 0; t < 1000; ++t) {
    const Route r = net.route(0, 1, t, rng);
    CHECK(r.delays[0] >= 10);
    CHECK(t + r.delays[0] >= last_arrival);
    last_arrival = t + r.delays[0];
  }
  net.set_fifo(false);
  bool reordered = false;
  last_arrival = 0;
  for (std::uint64_t t = 0; t < 1000; ++t) {
    const Route r = net.route(1, 0, t, rng);
    CHECK(r.delays[0] >= 10);
    CHECK(r.delays[0] <= 30);
    reordered |= t + r.delays[0] < last_arrival;
    last_arrival = std::max(last_arrival, t + r.delays[0]);
  }
  CHECK(reordered);
}

TEST_CASE("a partition drops crossing messages only inside its window") {
  NetworkModel net;
  for (int i = 0; i < 3; ++i) net.add_node(0);
  NetworkWindow w;
  w.start_ms = 100;
  w.end_ms = 200;
  w.side = {true, false, false};
  net.add_window(w);
  SimRandom rng(4, "network");
  CHECK(net.route(0, 1, 150, rng).fate == Route::Fate::partitioned);
  CHECK(net.route(1, 0, 150, rng).fate == Route::Fate::partitioned);
  CHECK(net.route(1, 2, 150, rng).fate == Route::Fate::delivered);
  CHECK(net.route(0, 1, 99, rng).fate == Route::Fate::delivered);
  CHECK(net.route(0, 1, 200, rng).fate == Route::Fate::delivered);
}

TEST_CASE("the same seed routes the same way") {
  NetworkModel a = two_nodes(), b = two_nodes();
  a.set_loss(0.2, 0.2);
  b.set_loss(0.2, 0.2);
  SimRandom ra(5, "network"), rb(5, "network");
  for (int i = 0; i < 500; ++i) {
    const Route x = a.route(0, 1, i, ra), y = b.route(0, 1, i, rb);
    CHECK(x.fate == y.fate);
    CHECK(x.copies == y.copies);
    CHECK(x.delays[0] == y.delays[0]);
  }
}
