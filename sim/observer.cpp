#include "sim/observer.hpp"

#include <map>

#include "protocol/economics/params.hpp"
#include "protocol/ledger/signed_tx.hpp"
#include "protocol/lifecycle/job_record.hpp"

namespace icn::sim {

namespace {
constexpr std::string_view kJobPrefix = "coordinator/job/";
constexpr std::string_view kSettledPrefix = "coordinator/settled/";
}  // namespace

LedgerObserver::LedgerObserver(const Verifier& verifier, const std::string& authority,
                               const v1::EconomicParams& params)
    : verifier_(verifier), ledger_(ledger::Genesis{authority}, economics::with_defaults(params)) {}

void LedgerObserver::poll(const std::vector<v1::LedgerEntry>& log) {
  new_txs_.clear();
  if (log.size() < seen_ && !fault_)
    fault_ = "the ledger log shrank from " + std::to_string(seen_) + " to " +
             std::to_string(log.size()) + " entries";
  for (; seen_ < log.size(); ++seen_) {
    const v1::LedgerEntry& entry = log[seen_];
    if (fault_) continue;
    if (auto refused = ledger_.replay_entry(entry, &verifier_, false)) {
      fault_ = refused->message;
      continue;
    }
    if (auto tx = ledger::decode_tx(to_bytes(entry.tx_bytes()))) new_txs_.push_back(std::move(*tx));
  }
}

void JobObserver::poll(SimStorage& disk) {
  changes_.clear();
  std::map<std::string, JobChange> by_job;
  for (const std::string& key : disk.take_changed_keys()) {
    const bool open = key.compare(0, kJobPrefix.size(), kJobPrefix) == 0;
    const bool settled = key.compare(0, kSettledPrefix.size(), kSettledPrefix) == 0;
    if (!open && !settled) continue;
    const std::string job_id = key.substr((open ? kJobPrefix : kSettledPrefix).size());
    JobChange& change = by_job[job_id];
    change.job_id = job_id;
    const std::string* bytes = disk.find(key);
    if (!bytes) continue;  // erased: the job settled (its settled record says how)
    if (open) {
      v1::CoordinatedJob stored;
      auto state = stored.ParseFromString(*bytes)
                       ? lifecycle::from_record(stored.record())
                       : Expected<lifecycle::JobState>(fail("unreadable", "does not parse"));
      if (!state) {
        if (!fault_) fault_ = "job record " + job_id + ": " + state.error().message;
        continue;
      }
      change.open = std::move(*state);
    } else {
      v1::SettledJob record;
      if (!record.ParseFromString(*bytes)) {
        if (!fault_) fault_ = "settled record " + job_id + " does not parse";
        continue;
      }
      change.settled = std::move(record);
    }
  }
  for (auto& [id, change] : by_job) changes_.push_back(std::move(change));
}

}  // namespace icn::sim
