#pragma once
// Shared builders for the market tests.
#include "proto/job.pb.h"
#include "proto/market.pb.h"
#include "protocol/job/job_id.hpp"

namespace market_test {

namespace v1 = icnmesh::v1;

inline constexpr std::uint64_t kNow = 1'700'000'000'000ULL;

inline v1::JobSpec make_spec(std::uint64_t max_price = 100) {
  v1::JobSpec spec;
  spec.set_version(1);
  spec.set_submitter("did:key:submitter");
  spec.set_name("market test");
  spec.mutable_runtime()->set_kind(v1::RUNTIME_WASM);
  auto* r = spec.mutable_resources();
  r->set_cpu_millicores(1000);
  r->set_memory_bytes(64ULL << 20);
  r->set_storage_bytes(1ULL << 20);
  r->set_max_wall_time_ms(10'000);
  spec.mutable_payment()->set_max_price(max_price);
  spec.mutable_payment()->set_validator_fee_budget(30);
  spec.mutable_payment()->set_dispute_reserve(20);
  return spec;
}

inline v1::Bid make_bid(const v1::JobSpec& spec, const std::string& executor, std::uint64_t price) {
  v1::Bid bid;
  bid.set_job_id(icn::job_id(spec));
  bid.set_executor(executor);
  bid.set_price(price);
  *bid.mutable_offered() = spec.resources();
  bid.add_runtimes(v1::RUNTIME_WASM);
  bid.set_valid_until_unix_ms(kNow + 10'000);
  bid.set_bond(1000);
  bid.set_latency_ms(10);
  bid.set_federation("fed-a");
  return bid;
}

}  // namespace market_test
