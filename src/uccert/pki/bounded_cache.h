// A process-wide memo keyed by digest bytes, safe to share between threads and bounded: when it
// is full it starts again empty (a run that outgrows it loses only speed, never correctness or
// memory). Used for decoded certificates and signature checks, the two results the design says
// must never be computed twice in one run.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace uccert::pki {

template <class Value>
class BoundedCache {
 public:
  explicit BoundedCache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<Value> find(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }

  void put(std::string key, Value value) {
    std::lock_guard lock(mu_);
    if (map_.size() >= capacity_) map_.clear();
    map_.insert_or_assign(std::move(key), std::move(value));
  }

  void clear() {
    std::lock_guard lock(mu_);
    map_.clear();
  }

  std::size_t size() {
    std::lock_guard lock(mu_);
    return map_.size();
  }

 private:
  const std::size_t capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, Value> map_;
};

}  // namespace uccert::pki
