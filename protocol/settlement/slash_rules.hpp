#pragma once
// Which slash rule applies to which fault, and who shares in a slash. Amounts come only from
// protocol/economics/rules.hpp; these functions only choose among them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/economics.pb.h"
#include "proto/ledger.pb.h"
#include "protocol/lifecycle/effects.hpp"
#include "protocol/lifecycle/job_state.hpp"

namespace icn::settlement {

namespace v1 = icnmesh::v1;

/// An executor's fault takes its rule's share of the executor bond: wrong_result ->
/// slash_executor_wrong_result, no_show -> slash_executor_no_show, resource_overuse ->
/// slash_executor_resource_overuse.
std::uint64_t executor_slash_amount(lifecycle::ExecutorFault fault, std::uint64_t bond,
                                    const v1::EconomicParams& params);

/// A validator's fault takes its rule's share of the validator bond: wrong_vote ->
/// slash_validator_wrong_vote, no_reveal -> slash_validator_no_reveal.
std::uint64_t validator_slash_amount(lifecycle::ValidatorFault fault, std::uint64_t bond,
                                     const v1::EconomicParams& params);

/// Who receives shares of a slash (economics::split_slash pays them; the rest is burned).
struct SlashParties {
  std::optional<std::string> whistleblower;
  std::optional<std::string> harmed;
};

/// A slash of the executor or a validator rewards the settlement's whistleblower (the dispute
/// opener who won: its RewardWhistleblower effect) and compensates the submitter, who paid for
/// a result it did not get.
SlashParties fault_slash_parties(const lifecycle::JobState& job,
                                 const std::vector<lifecycle::Effect>& effects);

/// A griefing slash (the dispute opener lost) rewards nobody and compensates the falsely
/// accused: the executor when the opener claimed its result wrong, the submitter when the
/// executor opened the dispute to defend a rejected result (the submitter's settlement was
/// delayed and its reserve paid the arbiter).
SlashParties griefing_slash_parties(const lifecycle::JobState& job);

}  // namespace icn::settlement
