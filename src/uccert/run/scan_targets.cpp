#include "uccert/run/scan_targets.h"

#include <fmt/format.h>

#include <charconv>
#include <istream>

namespace uccert::run {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Reads up to '\n' keeping at most kMaxTargetsLine + 1 bytes; false at the end of the input.
bool read_line(std::istream& in, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (;;) {
    const auto c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return any;
    }
    any = true;
    if (c == '\n') return true;
    if (line.size() <= kMaxTargetsLine) {
      line.push_back(static_cast<char>(c));
    } else {
      too_long = true;
    }
  }
}

}  // namespace

Result<std::vector<std::string>> split_targets_line(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (is_blank(c)) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    if (c == '#' && !in_word) break;
    in_word = true;
    if (c == '\'' || c == '"') {
      const std::size_t open = i;
      for (++i; i < line.size() && line[i] != c; ++i) {
        if (c == '"' && line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) ++i;
        word.push_back(line[i]);
      }
      if (i >= line.size()) return Error{fmt::format("unclosed {} quote at column {}", c, open + 1)};
      continue;
    }
    word.push_back(c);
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

Result<Shard> parse_shard(std::string_view text) {
  const auto bad = [&] {
    return Error{fmt::format("--shard {}: give K/N, N shards in all and this one K, 0 <= K < N (e.g. 0/4)", text)};
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return bad();
  Shard s;
  const auto k = text.substr(0, slash);
  const auto n = text.substr(slash + 1);
  if (k.empty() || n.empty()) return bad();
  if (std::from_chars(k.data(), k.data() + k.size(), s.index).ptr != k.data() + k.size()) return bad();
  if (std::from_chars(n.data(), n.data() + n.size(), s.count).ptr != n.data() + n.size()) return bad();
  if (s.count == 0 || s.index >= s.count) return bad();
  return s;
}

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

unsigned shard_of(std::string_view line, unsigned count) {
  std::string key;
  if (auto words = split_targets_line(line)) {
    for (const auto& w : *words) key += (key.empty() ? "" : " ") + w;
  } else {
    key = std::string(trimmed(line));
  }
  return static_cast<unsigned>(stable_hash(key) % count);
}

TargetsReader::TargetsReader(std::istream& in, std::optional<Shard> shard) : in_(in), shard_(shard) {}

std::optional<TargetsLine> TargetsReader::next() {
  std::string line;
  bool too_long = false;
  while (read_line(in_, line, too_long)) {
    ++number_;
    TargetsLine out;
    out.number = number_;
    if (too_long) {
      // Its shard cannot be known from a line cut short: shard 0 says it, once for all shards.
      if (shard_ && shard_->index != 0) continue;
      out.error = fmt::format("longer than {} bytes", kMaxTargetsLine);
      return out;
    }
    auto words = split_targets_line(line);
    if (words && words->empty()) continue;  // blank or comment
    if (shard_ && shard_of(line, shard_->count) != shard_->index) continue;
    if (!words) {
      out.error = words.error().message;
    } else {
      out.words = std::move(words.value());
    }
    return out;
  }
  return std::nullopt;
}

std::size_t count_targets(std::istream& in, std::optional<Shard> shard) {
  TargetsReader reader(in, shard);
  std::size_t n = 0;
  while (reader.next()) ++n;
  return n;
}

}  // namespace uccert::run
