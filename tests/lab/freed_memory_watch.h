// Looks into every block freed through operator delete while a FreedMemoryWatch is alive and
// counts those that still hold a given byte string (a password, a piece of a private key). A
// secret that is wiped before its memory is freed is never counted; a std::string that held it
// and was freed (or reallocated) as is, is.
//
// This header REPLACES the global operator new and delete of the test executable it is part of
// (malloc/free underneath, malloc_usable_size for a block's size): include it in exactly one
// file of an executable. OpenSSL allocates with malloc directly and is not watched.
#pragma once

#include <malloc.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

namespace uccert::testing {

namespace freed_memory_detail {

struct State {
  std::atomic<bool> armed{false};
  std::array<char, 256> needle{};
  std::size_t needle_size = 0;
  std::atomic<int> hits{0};
};

inline State& state() {
  static State s;
  return s;
}

inline void inspect(void* p) noexcept {
  State& s = state();
  if (p == nullptr || !s.armed.load(std::memory_order_acquire)) return;
  const std::size_t size = ::malloc_usable_size(p);
  if (size >= s.needle_size &&
      ::memmem(p, size, s.needle.data(), s.needle_size) != nullptr) {
    s.hits.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace freed_memory_detail

// One watch at a time. The needle is copied into fixed storage (the watch allocates nothing).
class FreedMemoryWatch {
 public:
  explicit FreedMemoryWatch(std::string_view needle) {
    auto& s = freed_memory_detail::state();
    s.needle_size = std::min(needle.size(), s.needle.size());
    std::memcpy(s.needle.data(), needle.data(), s.needle_size);
    s.hits.store(0);
    s.armed.store(s.needle_size > 0, std::memory_order_release);
  }
  ~FreedMemoryWatch() { freed_memory_detail::state().armed.store(false); }
  FreedMemoryWatch(const FreedMemoryWatch&) = delete;
  FreedMemoryWatch& operator=(const FreedMemoryWatch&) = delete;

  // Blocks freed so far that still held the needle.
  int hits() const { return freed_memory_detail::state().hits.load(); }
};

}  // namespace uccert::testing

// The replacements ([replacement.functions]); new[] and delete[] forward to these.
void* operator new(std::size_t size) {
  if (size == 0) size = 1;
  for (;;) {
    if (void* p = std::malloc(size)) return p;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}
void operator delete(void* p) noexcept {
  uccert::testing::freed_memory_detail::inspect(p);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  uccert::testing::freed_memory_detail::inspect(p);
  std::free(p);
}
// The nothrow forms too (std::stable_sort's temporary buffer uses them): left to the runtime, a
// block they allocate would come back through the delete above, a new/free pair that ASan
// reports as mismatched.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (size == 0) size = 1;
  return std::malloc(size);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  uccert::testing::freed_memory_detail::inspect(p);
  std::free(p);
}
