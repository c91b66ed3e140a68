// Each invariant checker fires on a constructed violation and stays quiet otherwise.
#include <doctest/doctest.h>

#include "protocol/ledger/state.hpp"
#include "sim/invariants/invariant.hpp"

using namespace icn::sim;

namespace {
void report(InvariantChecker& c, const std::string& event, const std::string& subject,
            std::int64_t value = 0) {
  c.observe(ReportView{event, subject, value});
}
CheckContext at(icn::UnixMs now) {
  CheckContext ctx;
  ctx.now = now;
  return ctx;
}
}  // namespace

TEST_CASE("mana conservation fires when balances exceed the supply") {
  auto c = make_mana_conservation_checker();
  icn::ledger::LedgerState s = icn::ledger::make_state(icn::ledger::Genesis{"did:key:zAuthority"});
  s.accounts["did:key:zA"].free = 100;
  s.minted = 100;
  CheckContext ctx = at(1);
  ctx.ledger = &s;
  ctx.ledger_height = 1;
  CHECK_FALSE(c->check(ctx));
  s.accounts["did:key:zA"].free = 150;  // mana out of nowhere
  ctx.ledger_height = 2;
  CHECK(c->check(ctx));
}

TEST_CASE("an escrow released twice is caught") {
  auto c = make_escrow_once_checker();
  report(*c, "escrow_released", "job1");
  CHECK_FALSE(c->check(at(1)));
  report(*c, "escrow_released", "job2");
  CHECK_FALSE(c->check(at(2)));
  report(*c, "escrow_released", "job1");
  CHECK(c->check(at(3)));
}

TEST_CASE("a receipt from anyone but the assigned executor is caught") {
  auto c = make_assigned_receipt_checker();
  report(*c, "assigned", "job1|alice");
  report(*c, "receipt_accepted", "job1|alice");
  CHECK_FALSE(c->check(at(1)));
  report(*c, "receipt_accepted", "job1|mallory");
  CHECK(c->check(at(2)));
  report(*c, "receipt_accepted", "job9|alice");  // never assigned
  CHECK(c->check(at(3)));
}

TEST_CASE("a job still open after its deadline plus grace is caught") {
  auto c = make_terminal_by_deadline_checker(10);
  report(*c, "submitted", "job1|sub", 100);
  report(*c, "submitted", "job2|sub", 100);
  report(*c, "settled", "job1|completed|validated|exec");
  CHECK_FALSE(c->check(at(110)));
  CHECK(c->check(at(111)));        // job2 never settled
  CHECK_FALSE(c->check(at(500)));  // reported once
}

TEST_CASE("slashing an honest participant is caught") {
  auto c =
      make_honest_never_slashed_checker([](const std::string& did) { return did == "honest"; });
  report(*c, "slash", "cheat|job1|wrong_result", 100);
  CHECK_FALSE(c->check(at(1)));
  report(*c, "slash", "honest|job2|no_show", 100);
  CHECK(c->check(at(2)));
}

TEST_CASE("the set keeps the first violation of each invariant with time and event") {
  InvariantSet set;
  set.add(make_escrow_once_checker());
  set.observe(ReportView{"escrow_released", "j", 0});
  CheckContext ctx = at(5);
  ctx.event_index = 7;
  CHECK(set.check(ctx));
  set.observe(ReportView{"escrow_released", "j", 0});
  ctx.event_index = 8;
  CHECK_FALSE(set.check(ctx));
  REQUIRE(set.first_violations().size() == 1);
  CHECK(set.first_violations()[0].event_index == 8);
  CHECK(set.first_violations()[0].invariant == "escrow_released_once");
}
