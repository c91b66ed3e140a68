// Writes the seed corpora of the binary-input harnesses (tests/fuzz/README in docs/testing.md):
// signed envelopes of every message type, signed ledger transactions and ledger logs from a
// small demo ledger, and economic parameter files. Text-input harnesses are seeded with the
// shipped files instead (tests/fuzz/build.sh).
// Usage: make_seeds SOURCE_DIR OUT_DIR
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/delimited_message_util.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "proto/envelope.pb.h"
#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "proto/validation.pb.h"
#include "protocol/crypto/ed25519.hpp"
#include "protocol/economics/params.hpp"
#include "protocol/job/job_id.hpp"
#include "protocol/job/spec_parse.hpp"
#include "protocol/ledger/ledger.hpp"
#include "protocol/lifecycle/job_machine.hpp"
#include "protocol/lifecycle/job_record.hpp"
#include "protocol/wire/envelope.hpp"
#include "tests/fuzz/fuzz_fixtures.hpp"
#include "tests/fuzz/fuzz_spec_checks.hpp"

namespace {

using namespace icn;
namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

v1::JobSpec example_spec(const fs::path& source_dir) {
  const fs::path path = source_dir / "scenarios/jobs/example-wasm.pbtxt";
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto spec = parse_spec(path.string(), text.str());
  if (!spec) {
    std::cerr << "make_seeds: cannot parse " << path << "\n";
    std::exit(1);
  }
  return *spec;
}

void envelope_seeds(const fs::path& out, const v1::JobSpec& spec) {
  Ed25519Seed seed{};
  seed.fill(7);
  const Ed25519Signer signer(seed);
  const UnixMs expires = fuzz::kFuzzNow + 3600000;
  const std::string id = job_id(spec);
  std::uint64_t sequence = 0;
  auto put = [&](const char* name, v1::MessageType type,
                 const google::protobuf::MessageLite& payload) {
    write(out / "envelope" / (std::string(name) + ".bin"),
          seal(signer, type, payload, ++sequence, expires).SerializeAsString());
  };
  v1::JobSubmission submission;
  *submission.mutable_spec() = spec;
  put("submission", v1::MSG_JOB_SUBMISSION, submission);
  v1::JobAnnouncement announcement;
  announcement.set_job_id(id);
  *announcement.mutable_spec() = spec;
  announcement.set_submitted_at_unix_ms(fuzz::kFuzzNow);
  announcement.set_bid_deadline_unix_ms(fuzz::kFuzzNow + 5000);
  announcement.set_execution_deadline_unix_ms(fuzz::kFuzzNow + 65000);
  put("announcement", v1::MSG_JOB_ANNOUNCEMENT, announcement);
  v1::Bid bid;
  bid.set_job_id(id);
  bid.set_executor(signer.did());
  bid.set_price(40);
  bid.mutable_offered()->set_cpu_millicores(2000);
  bid.add_runtimes(v1::RUNTIME_WASM);
  bid.set_valid_until_unix_ms(fuzz::kFuzzNow + 65000);
  put("bid", v1::MSG_BID, bid);
  v1::Assignment assignment;
  assignment.set_job_id(id);
  assignment.set_executor(signer.did());
  assignment.set_price(40);
  assignment.set_execution_deadline_unix_ms(fuzz::kFuzzNow + 65000);
  put("assignment", v1::MSG_ASSIGNMENT, assignment);
  v1::Cancellation cancellation;
  cancellation.set_job_id(id);
  cancellation.set_reason("no bids");
  put("cancellation", v1::MSG_CANCELLATION, cancellation);
  v1::ExecutionReceipt receipt;
  receipt.set_job_id(id);
  receipt.set_executor(signer.did());
  receipt.set_output_hash(id);
  receipt.mutable_metering()->set_fuel(1000);
  put("receipt", v1::MSG_EXECUTION_RECEIPT, receipt);
  v1::ValidationCommit commit;
  commit.set_job_id(id);
  commit.set_commitment(std::string(32, '\1'));
  put("commit", v1::MSG_VALIDATION_COMMIT, commit);
  v1::ValidationReveal reveal;
  reveal.set_job_id(id);
  reveal.set_output_hash(id);
  reveal.set_salt(std::string(16, '\2'));
  put("reveal", v1::MSG_VALIDATION_REVEAL, reveal);
  v1::Dispute dispute;
  dispute.set_job_id(id);
  dispute.set_opener(signer.did());
  dispute.set_bond(10);
  put("dispute", v1::MSG_DISPUTE, dispute);
  v1::Verdict verdict;
  verdict.set_job_id(id);
  verdict.set_arbiter(signer.did());
  verdict.add_faulty(signer.did());
  put("verdict", v1::MSG_VERDICT, verdict);
  v1::ReputationSnapshot snapshot;
  snapshot.set_epoch(3);
  snapshot.set_as_of_unix_ms(fuzz::kFuzzNow);
  auto* entry = snapshot.add_entries();
  entry->set_did(signer.did());
  entry->set_ppm(900000);
  put("reputation-snapshot", v1::MSG_REPUTATION_SNAPSHOT, snapshot);
  const std::string signed_receipt =
      seal(signer, v1::MSG_EXECUTION_RECEIPT, receipt, ++sequence, expires).SerializeAsString();
  v1::SettlementNotice notice;
  notice.set_job_id(id);
  notice.set_outcome("completed");
  notice.set_resolution("validated");
  notice.set_receipt_envelope(signed_receipt);
  put("settlement-notice", v1::MSG_SETTLEMENT_NOTICE, notice);
  v1::ReexecutionRequest request;
  *request.mutable_spec() = spec;
  request.set_receipt_envelope(signed_receipt);
  request.set_deadline_unix_ms(fuzz::kFuzzNow + 60000);
  put("validation-request", v1::MSG_VALIDATION_REQUEST, request);
  put("arbitration-request", v1::MSG_ARBITRATION_REQUEST, request);
}

// Transactions of the fixture workload, signed and applied in order; the log they make.
void ledger_seeds(const fs::path& out) {
  node::LedgerWorkload workload(fuzz::kWorkloadSeed, fuzz::kWorkloadAccounts,
                                node::demo_ledger_params(), node::LedgerWorkload::Scheme::kEd25519,
                                fuzz::kLedgerStart);
  ledger::Ledger book(workload.genesis(), workload.params());
  for (int i = 0; i < 40; ++i) {
    const ledger::SignedTx tx = workload.next();
    v1::LedgerEntry carrier;
    carrier.set_tx_bytes(to_string(tx.tx_bytes));
    carrier.set_signature(to_string(tx.signature));
    carrier.set_scheme(tx.scheme);
    if (i % 4 == 0)
      write(out / "ledger_tx" / ("tx" + std::to_string(i) + ".bin"), carrier.SerializeAsString());
    if (!book.submit(tx, workload.verifier(), workload.now())) {
      std::cerr << "make_seeds: the workload's transaction " << i << " was refused\n";
      std::exit(1);
    }
  }
  const auto& entries = book.log().entries();
  for (int mode = 0; mode < 4; ++mode) {
    for (std::size_t count : {std::size_t{3}, std::size_t{12}, entries.size()}) {
      std::ostringstream stream;
      stream.put(static_cast<char>(mode));
      for (std::size_t i = 0; i < count; ++i)
        google::protobuf::util::SerializeDelimitedToOstream(entries[i], &stream);
      write(out / "ledger_log" /
                ("mode" + std::to_string(mode) + "-" + std::to_string(count) + ".bin"),
            stream.str());
    }
  }
}

// The records of one job's states along a run that ends in a dispute (fuzz_job_record).
void job_record_seeds(const fs::path& out, const v1::JobSpec& spec) {
  namespace lc = icn::lifecycle;
  const std::string id = job_id(spec);
  auto terms = lc::terms_from_spec(spec, id, fuzz::kFuzzNow);
  if (!terms) {
    std::cerr << "make_seeds: " << terms.error().message << "\n";
    std::exit(1);
  }
  const std::string executor = "did:key:executor";
  std::vector<std::string> validators;
  for (std::uint32_t i = 0; i < spec.validation().validators(); ++i)
    validators.push_back("did:key:validator-" + std::to_string(i));
  v1::Bid bid;
  bid.set_job_id(id);
  bid.set_executor(executor);
  bid.set_price(40);
  bid.set_valid_until_unix_ms(terms->execution_deadline);
  v1::ExecutionReceipt receipt;
  receipt.set_job_id(id);
  receipt.set_executor(executor);
  receipt.set_output_hash(id);
  receipt.set_status(v1::EXEC_OK);
  const lc::Event script[] = {
      lc::Submit{*terms},
      lc::EscrowLocked{},
      lc::BidReceived{bid},
      lc::BidWindowClosed{},
      lc::Assign{executor, 40, validators, "sha256:" + std::string(64, 'd')},
      lc::ExecutionStarted{executor},
      lc::ReceiptReceived{executor, receipt},
      lc::VoteReceived{validators.empty() ? executor : validators[0], v1::VOTE_ACCEPT, id},
      lc::DisputeOpened{spec.submitter(), v1::DISPUTE_WRONG_RESULT,
                        "sha256:" + std::string(64, 'e')},
  };
  lc::JobState state;
  UnixMs now = fuzz::kFuzzNow;
  int n = 0;
  for (const auto& event : script) {
    state = lc::step(state, event, now).state;
    write(out / "job_record" / ("step" + std::to_string(n++) + ".bin"),
          lc::to_record(state).SerializeAsString());
    now += 10;
  }
}

void economic_params_seeds(const fs::path& out) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(economics::default_economic_params(), &text);
  write(out / "economic_params" / "defaults.pbtxt", text);
  google::protobuf::TextFormat::PrintToString(node::demo_ledger_params(), &text);
  write(out / "economic_params" / "demo.pbtxt", text);
  write(out / "economic_params" / "partial.pbtxt",
        "slash_no_show_bp: 500\nbid_weights { price_bp: 6000 latency_bp: 0 }\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_seeds SOURCE_DIR OUT_DIR\n";
    return 2;
  }
  const fs::path source_dir = argv[1];
  const fs::path out = argv[2];
  const v1::JobSpec spec = example_spec(source_dir);
  envelope_seeds(out, spec);
  job_record_seeds(out, spec);
  ledger_seeds(out);
  economic_params_seeds(out);
  return 0;
}
