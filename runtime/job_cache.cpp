#include "runtime/job_cache.hpp"

#include <utility>

namespace icn::runtime {
namespace {

/// What an entry holds beyond its fixed size: the output and the texts.
std::size_t entry_bytes(const std::string& key, const JobOutcome& outcome) {
  return key.size() + outcome.output.size() + outcome.detail.size() + outcome.output_hash.size() +
         outcome.engine.size() + sizeof(JobOutcome);
}

}  // namespace

JobOutcomeCache::JobOutcomeCache(std::size_t capacity, std::size_t capacity_bytes)
    : capacity_(capacity), capacity_bytes_(capacity_bytes) {}

JobOutcomeCache::Lookup JobOutcomeCache::find_or_claim(const std::string& key) {
  std::unique_lock<std::mutex> lock(mutex_);
  bool waited = false;
  for (;;) {
    if (auto it = index_.find(key); it != index_.end()) {
      recency_.splice(recency_.begin(), recency_, it->second);
      ++hits_;
      return Lookup{it->second->outcome, Claim()};
    }
    if (running_.count(key) == 0) break;
    waited = true;
    finished_.wait(lock);
  }
  ++misses_;
  // The run waited for left nothing to share (a timeout, say): the waiters now run side by
  // side, unclaimed, rather than one after another, each paying the full wall-clock limit.
  if (waited) return Lookup{nullptr, Claim()};
  running_.insert(key);
  return Lookup{nullptr, Claim(this, key)};
}

void JobOutcomeCache::finish(const std::string& key, std::shared_ptr<const JobOutcome> outcome) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_.erase(key);
    const std::size_t bytes = outcome ? entry_bytes(key, *outcome) : 0;
    // An entry larger than the whole budget would only evict everything else and then itself.
    if (outcome && capacity_ > 0 && bytes <= capacity_bytes_ && index_.count(key) == 0) {
      recency_.push_front(Entry{key, std::move(outcome), bytes});
      index_.emplace(key, recency_.begin());
      bytes_ += bytes;
      evict_to_fit();
    }
  }
  finished_.notify_all();
}

void JobOutcomeCache::evict_to_fit() {
  while (!recency_.empty() && (recency_.size() > capacity_ || bytes_ > capacity_bytes_)) {
    bytes_ -= recency_.back().bytes;
    index_.erase(recency_.back().key);
    recency_.pop_back();
  }
}

JobOutcomeCache::Stats JobOutcomeCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return Stats{hits_, misses_, index_.size()};
}

JobOutcomeCache::Claim::Claim(Claim&& other) noexcept
    : cache_(std::exchange(other.cache_, nullptr)), key_(std::move(other.key_)) {}

JobOutcomeCache::Claim& JobOutcomeCache::Claim::operator=(Claim&& other) noexcept {
  if (this != &other) {
    release(nullptr);
    cache_ = std::exchange(other.cache_, nullptr);
    key_ = std::move(other.key_);
  }
  return *this;
}

JobOutcomeCache::Claim::~Claim() {
  release(nullptr);
}

void JobOutcomeCache::Claim::store(const JobOutcome& outcome) {
  release(std::make_shared<const JobOutcome>(outcome));
}

void JobOutcomeCache::Claim::release(std::shared_ptr<const JobOutcome> outcome) {
  if (cache_ == nullptr) return;
  std::exchange(cache_, nullptr)->finish(key_, std::move(outcome));
}

}  // namespace icn::runtime
