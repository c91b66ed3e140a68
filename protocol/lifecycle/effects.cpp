#include "protocol/lifecycle/effects.hpp"

#include "protocol/core/overloaded.hpp"

namespace icn::lifecycle {

std::string_view to_string(ExecutorFault fault) {
  switch (fault) {
    case ExecutorFault::wrong_result:
      return "wrong_result";
    case ExecutorFault::no_show:
      return "no_show";
    case ExecutorFault::resource_overuse:
      return "resource_overuse";
  }
  return "unknown";
}

std::string_view to_string(ValidatorFault fault) {
  switch (fault) {
    case ValidatorFault::wrong_vote:
      return "wrong_vote";
    case ValidatorFault::no_reveal:
      return "no_reveal";
  }
  return "unknown";
}

std::string_view effect_kind(const Effect& effect) {
  return std::visit(
      Overloaded{
          [](const LockEscrow&) { return std::string_view("lock_escrow"); },
          [](const AnnounceJob&) { return std::string_view("announce_job"); },
          [](const RequestSelection&) { return std::string_view("request_selection"); },
          [](const SendAssignment&) { return std::string_view("send_assignment"); },
          [](const RequestValidation&) { return std::string_view("request_validation"); },
          [](const PayExecutor&) { return std::string_view("pay_executor"); },
          [](const PayValidators&) { return std::string_view("pay_validators"); },
          [](const PayArbiter&) { return std::string_view("pay_arbiter"); },
          [](const Refund&) { return std::string_view("refund"); },
          [](const SlashExecutor&) { return std::string_view("slash_executor"); },
          [](const SlashValidators&) { return std::string_view("slash_validators"); },
          [](const SlashAccuser&) { return std::string_view("slash_accuser"); },
          [](const ReturnDisputeBond&) { return std::string_view("return_dispute_bond"); },
          [](const RewardWhistleblower&) { return std::string_view("reward_whistleblower"); },
          [](const ReportEquivocation&) { return std::string_view("report_equivocation"); },
          [](const NotifyParties&) { return std::string_view("notify_parties"); },
      },
      effect);
}

std::string effect_id(const Effect& effect) {
  const std::string& job_id =
      std::visit([](const auto& e) -> const std::string& { return e.job_id; }, effect);
  std::string id = job_id;
  id += '/';
  id += effect_kind(effect);
  std::visit(Overloaded{
                 [&](const SlashValidators& e) {
                   id += '/';
                   id += to_string(e.fault);
                 },
                 [&](const ReportEquivocation& e) {
                   id += '/';
                   id += e.offender;
                 },
                 [](const auto&) {},
             },
             effect);
  return id;
}

bool is_money_effect(const Effect& effect) {
  return std::visit(Overloaded{
                        [](const PayExecutor&) { return true; },
                        [](const PayValidators&) { return true; },
                        [](const PayArbiter&) { return true; },
                        [](const Refund&) { return true; },
                        [](const SlashExecutor&) { return true; },
                        [](const SlashValidators&) { return true; },
                        [](const SlashAccuser&) { return true; },
                        [](const ReturnDisputeBond&) { return true; },
                        [](const RewardWhistleblower&) { return true; },
                        [](const auto&) { return false; },
                    },
                    effect);
}

}  // namespace icn::lifecycle
