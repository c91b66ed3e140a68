// Each invariant checker fires on a constructed violation of the observed state and stays
// quiet otherwise.
#include <doctest/doctest.h>

#include "protocol/ledger/state.hpp"
#include "sim/invariants/invariant.hpp"

using namespace icn::sim;
namespace v1 = icnmesh::v1;

namespace {

CheckContext at(icn::UnixMs now, const std::vector<v1::LedgerTx>* txs = nullptr,
                const std::vector<JobChange>* jobs = nullptr) {
  CheckContext ctx;
  ctx.now = now;
  ctx.new_txs = txs;
  ctx.job_changes = jobs;
  return ctx;
}

v1::LedgerTx release(const std::string& job) {
  v1::LedgerTx tx;
  tx.mutable_escrow_release()->set_job_id(job);
  return tx;
}

v1::LedgerTx slash(const std::string& account) {
  v1::LedgerTx tx;
  tx.mutable_slash()->set_account(account);
  tx.mutable_slash()->set_amount(100);
  tx.mutable_slash()->set_reason("wrong_result");
  return tx;
}

JobChange open_job(const std::string& id, icn::UnixMs final_deadline) {
  JobChange c;
  c.job_id = id;
  c.open.emplace();
  c.open->phase = icn::lifecycle::Phase::bidding;
  c.open->terms.job_id = id;
  c.open->terms.arbitration_deadline = final_deadline;
  return c;
}

}  // namespace

TEST_CASE("mana conservation fires when balances exceed the supply, and on a replay fault") {
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

  auto d = make_mana_conservation_checker();
  std::optional<std::string> fault = "entry 7: bad signature";
  CheckContext f = at(1);
  f.replay_fault = &fault;
  CHECK(d->check(f));
  CHECK_FALSE(d->check(f));  // reported once
}

TEST_CASE("an escrow released twice is caught from the log") {
  auto c = make_escrow_once_checker();
  std::vector<v1::LedgerTx> first{release("job1"), release("job2")};
  CHECK_FALSE(c->check(at(1, &first)));
  std::vector<v1::LedgerTx> again{release("job1")};
  CHECK(c->check(at(2, &again)));
}

TEST_CASE("a receipt from anyone but the assigned executor is caught from the job record") {
  auto c = make_assigned_receipt_checker();
  JobChange good = open_job("job1", 100);
  good.open->assignment = icn::lifecycle::AssignmentInfo{};
  good.open->assignment->executor = "alice";
  good.open->receipt.emplace();
  good.open->receipt->executor = "alice";
  std::vector<JobChange> jobs{good};
  CHECK_FALSE(c->check(at(1, nullptr, &jobs)));
  jobs[0].open->receipt->executor = "mallory";
  CHECK(c->check(at(2, nullptr, &jobs)));
  jobs[0].open->assignment.reset();  // a receipt without any assignment
  CHECK(c->check(at(3, nullptr, &jobs)));
}

TEST_CASE("a job still open after its deadline plus grace is caught") {
  auto c = make_terminal_by_deadline_checker(10);
  std::vector<JobChange> submitted{open_job("job1", 100), open_job("job2", 100)};
  CHECK_FALSE(c->check(at(50, nullptr, &submitted)));
  JobChange settled;
  settled.job_id = "job1";
  settled.settled.emplace();
  std::vector<JobChange> done{settled};
  CHECK_FALSE(c->check(at(110, nullptr, &done)));
  CHECK(c->check(at(111)));        // job2 never settled
  CHECK_FALSE(c->check(at(500)));  // reported once
}

TEST_CASE("slashing an honest participant is caught from the log") {
  auto c = make_honest_never_slashed_checker([](const std::string& did) { return did == "honest"; },
                                             [](const std::string& did) { return did; });
  std::vector<v1::LedgerTx> cheat{slash("cheat")};
  CHECK_FALSE(c->check(at(1, &cheat)));
  std::vector<v1::LedgerTx> honest{slash("honest")};
  CHECK(c->check(at(2, &honest)));
}

TEST_CASE("the set keeps the first violation of each invariant with time and event") {
  InvariantSet set;
  set.add(make_escrow_once_checker());
  std::vector<v1::LedgerTx> once{release("j")};
  CheckContext ctx = at(5, &once);
  ctx.event_index = 7;
  CHECK(set.check(ctx));
  ctx.event_index = 8;
  CHECK_FALSE(set.check(ctx));
  REQUIRE(set.first_violations().size() == 1);
  CHECK(set.first_violations()[0].event_index == 8);
  CHECK(set.first_violations()[0].invariant == "escrow_released_once");
}
