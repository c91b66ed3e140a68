#include "sim/storage.hpp"

namespace icn::sim {

void SimStorage::put(std::string_view key, std::string value) {
  auto it = records_.find(key);
  if (it == records_.end())
    records_.emplace(std::string(key), std::move(value));
  else
    it->second = std::move(value);
  changed_.emplace(key);
}

std::optional<std::string> SimStorage::get(std::string_view key) const {
  auto it = records_.find(key);
  if (it == records_.end()) return std::nullopt;
  return it->second;
}

void SimStorage::erase(std::string_view key) {
  auto it = records_.find(key);
  if (it == records_.end()) return;
  records_.erase(it);
  changed_.emplace(key);
}

std::vector<std::pair<std::string, std::string>> SimStorage::scan(std::string_view prefix) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = records_.lower_bound(prefix);
       it != records_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
    out.emplace_back(it->first, it->second);
  return out;
}

void SimStorage::wipe() {
  for (const auto& [key, value] : records_) changed_.insert(key);
  records_.clear();
  log_.clear();
}

std::vector<std::string> SimStorage::take_changed_keys() {
  std::vector<std::string> out(changed_.begin(), changed_.end());
  changed_.clear();
  return out;
}

const std::string* SimStorage::find(const std::string& key) const {
  auto it = records_.find(key);
  return it == records_.end() ? nullptr : &it->second;
}

}  // namespace icn::sim
