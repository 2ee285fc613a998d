// A memo keyed by digest bytes, safe to share between threads and bounded: when it is full it
// starts again empty (a run that outgrows it loses only speed, never correctness or memory).
// Counts its hits and misses so its owner can show it is used. CertificatePool holds two.
#pragma once

#include <cstddef>
#include <cstdint>
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
    if (it == map_.end()) {
      ++misses_;
      return std::nullopt;
    }
    ++hits_;
    return it->second;
  }

  // Keeps `value` under `key` unless a value is already there; returns the value kept.
  Value put_if_absent(const std::string& key, Value value) {
    std::lock_guard lock(mu_);
    if (auto it = map_.find(key); it != map_.end()) return it->second;
    if (capacity_ == 0) return value;
    if (map_.size() >= capacity_) map_.clear();
    map_.emplace(key, value);
    return value;
  }

  void clear() {
    std::lock_guard lock(mu_);
    map_.clear();
  }

  struct Counts {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t size = 0;
  };
  Counts counts() const {
    std::lock_guard lock(mu_);
    return {hits_, misses_, map_.size()};
  }

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Value> map_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace uccert::pki
