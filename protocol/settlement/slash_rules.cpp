#include "protocol/settlement/slash_rules.hpp"

#include "protocol/economics/rules.hpp"

namespace icn::settlement {

std::uint64_t executor_slash_amount(lifecycle::ExecutorFault fault, std::uint64_t bond,
                                    const v1::EconomicParams& params) {
  switch (fault) {
    case lifecycle::ExecutorFault::wrong_result:
      return economics::slash_executor_wrong_result(bond, params);
    case lifecycle::ExecutorFault::no_show:
      return economics::slash_executor_no_show(bond, params);
    case lifecycle::ExecutorFault::resource_overuse:
      return economics::slash_executor_resource_overuse(bond, params);
  }
  return 0;  // unreachable for a valid enumerator
}

std::uint64_t validator_slash_amount(lifecycle::ValidatorFault fault, std::uint64_t bond,
                                     const v1::EconomicParams& params) {
  switch (fault) {
    case lifecycle::ValidatorFault::wrong_vote:
      return economics::slash_validator_wrong_vote(bond, params);
    case lifecycle::ValidatorFault::no_reveal:
      return economics::slash_validator_no_reveal(bond, params);
  }
  return 0;  // unreachable for a valid enumerator
}

SlashParties fault_slash_parties(const lifecycle::JobState& job,
                                 const std::vector<lifecycle::Effect>& effects) {
  SlashParties parties;
  for (const auto& effect : effects) {
    if (const auto* reward = std::get_if<lifecycle::RewardWhistleblower>(&effect)) {
      parties.whistleblower = reward->whistleblower;
    }
  }
  parties.harmed = job.terms.submitter;
  return parties;
}

SlashParties griefing_slash_parties(const lifecycle::JobState& job) {
  SlashParties parties;
  const bool accused_executor = job.dispute && job.dispute->claims_wrong && job.assignment;
  parties.harmed = accused_executor ? job.assignment->executor : job.terms.submitter;
  return parties;
}

}  // namespace icn::settlement
