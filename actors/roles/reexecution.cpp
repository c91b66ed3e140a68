#include "actors/roles/reexecution.hpp"

#include "protocol/job/job_id.hpp"

namespace icn::actors {

Expected<OpenedRequest> open_request(Messenger& messenger, const std::string& from,
                                     const v1::Envelope& env, v1::MessageType type) {
  auto request = messenger.open_direct<v1::ReexecutionRequest>(from, env, type);
  if (!request) return tl::unexpected<Error>(request.error());
  v1::Envelope inner;
  if (!inner.ParseFromString(request->receipt_envelope()))
    return fail("bad_receipt", "the request's receipt envelope does not parse");
  auto receipt = messenger.open_forwarded<v1::ExecutionReceipt>(inner, v1::MSG_EXECUTION_RECEIPT);
  if (!receipt) return tl::unexpected<Error>(receipt.error());
  if (receipt->executor() != inner.signer())
    return fail("bad_receipt",
                "receipt signed by " + inner.signer() + " names executor " + receipt->executor());
  if (icn::job_id(request->spec()) != receipt->job_id())
    return fail("wrong_spec", "the spec is not the receipt's job " + receipt->job_id());
  OpenedRequest out;
  out.job_id = receipt->job_id();
  out.spec = std::move(*request->mutable_spec());
  out.receipt = std::move(*receipt);
  out.deadline = request->deadline_unix_ms();
  return out;
}

validation::ExecutionView view_of(const ExecutionResult& result) {
  return validation::ExecutionView{result.status, result.output_hash, result.output};
}

}  // namespace icn::actors
