#pragma once
// The job runner's memo of finished runs: least-recently-used, bounded in entries and bytes,
// shared by worker threads. A key being computed is "claimed", and other threads asking for it
// wait for that run instead of paying for the same work again (the k validators of one job).
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "runtime/job_runner.hpp"

namespace icn::runtime {

class JobOutcomeCache {
 public:
  JobOutcomeCache(std::size_t capacity, std::size_t capacity_bytes);
  JobOutcomeCache(const JobOutcomeCache&) = delete;
  JobOutcomeCache& operator=(const JobOutcomeCache&) = delete;

  /// The right to run the job for one key. The holder stores the outcome when it may be cached;
  /// otherwise letting go (the destructor) wakes the waiters, and they run it themselves.
  class Claim {
   public:
    Claim() = default;
    Claim(JobOutcomeCache* cache, std::string key) : cache_(cache), key_(std::move(key)) {}
    Claim(Claim&& other) noexcept;
    Claim& operator=(Claim&& other) noexcept;
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    ~Claim();
    bool held() const { return cache_ != nullptr; }
    void store(const JobOutcome& outcome);

   private:
    void release(std::shared_ptr<const JobOutcome> outcome);
    JobOutcomeCache* cache_ = nullptr;
    std::string key_;
  };

  struct Lookup {
    std::shared_ptr<const JobOutcome> hit;  // set: the cached outcome
    Claim claim;  // otherwise the caller runs the job; when held, it may store the outcome
  };
  /// The cached outcome for `key`, or a claim to compute it. Blocks while another thread
  /// holds the claim for the same key; when that run leaves no entry, returns neither.
  Lookup find_or_claim(const std::string& key);

  struct Stats {
    std::uint64_t hits = 0, misses = 0;
    std::size_t entries = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const JobOutcome> outcome;
    std::size_t bytes = 0;
  };
  /// Called by Claim: stores `outcome` (when not null) and wakes the waiters for `key`.
  void finish(const std::string& key, std::shared_ptr<const JobOutcome> outcome);
  void evict_to_fit();  // requires mutex_

  const std::size_t capacity_;
  const std::size_t capacity_bytes_;
  mutable std::mutex mutex_;
  std::condition_variable finished_;
  std::list<Entry> recency_;  // front: most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::set<std::string> running_;  // claimed keys
  std::size_t bytes_ = 0;
  std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace icn::runtime
