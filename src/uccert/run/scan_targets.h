// The targets file of `uccert scan`: one target a line (a certificate file or HOST:PORT, then
// check's options for it), '#' comments, blank lines; read one line at a time so a file of any
// size costs the same memory. And --shard K/N: which lines this shard scans, by a stable hash of
// the line, so shards on different machines split a fleet with no coordinator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/error.h"

namespace uccert::run {

// The longest targets line read; a longer one is refused (and skipped) rather than held.
inline constexpr std::size_t kMaxTargetsLine = 16 * 1024;

// Splits a line into words as a shell would for simple cases: blanks separate; '...' and "..."
// quote (no escapes inside '...'; \" and \\ inside "..."); '#' outside quotes starts a comment.
// An empty result is a blank or comment line. Error: an unclosed quote.
Result<std::vector<std::string>> split_targets_line(std::string_view line);

struct Shard {
  unsigned index = 0;  // K: 0 <= K < N
  unsigned count = 1;  // N
};

// "K/N" with 0 <= K < N (Kubernetes' JOB_COMPLETION_INDEX counts from 0 as well).
Result<Shard> parse_shard(std::string_view text);

// FNV-1a, 64 bits: the same on every machine, compiler and run.
std::uint64_t stable_hash(std::string_view text);

// The line's shard: the hash of its words joined by one space (so spacing and comments do not
// move a target), or of the trimmed line when it does not split.
unsigned shard_of(std::string_view line, unsigned count);

struct TargetsLine {
  std::size_t number = 0;          // 1-based
  std::vector<std::string> words;  // the target first, then its options
  std::optional<std::string> error;  // why the line cannot be read (too long, unclosed quote)
};

class TargetsReader {
 public:
  explicit TargetsReader(std::istream& in, std::optional<Shard> shard = std::nullopt);
  // The next line of this shard that is not blank or a comment; nullopt at the end.
  std::optional<TargetsLine> next();
  std::size_t lines_read() const { return number_; }

 private:
  std::istream& in_;
  std::optional<Shard> shard_;
  std::size_t number_ = 0;
};

// Lines of this shard with a target (for a progress line's total); reads `in` to its end.
std::size_t count_targets(std::istream& in, std::optional<Shard> shard);

}  // namespace uccert::run
