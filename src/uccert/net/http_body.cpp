#include "uccert/net/http_body.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace uccert::net {

namespace {

// A chunk-size line or a trailer field longer than this is not from an HTTP server.
constexpr std::size_t kMaxChunkLine = 1024;
constexpr std::size_t kMaxTrailer = 8 * 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The end of the first line in `s` (the index of its '\n'), or npos.
std::size_t line_end(std::string_view s) { return s.find('\n'); }

std::optional<unsigned long long> parse_decimal(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 19) return std::nullopt;
  unsigned long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

}  // namespace

ResponseAssembler::ResponseAssembler(std::size_t max_body, std::size_t max_head)
    : max_body_(max_body), max_head_(max_head) {}

ResponseAssembler::State ResponseAssembler::fail(std::string why, bool too_large) {
  state_ = State::kError;
  error_ = std::move(why);
  too_large_ = too_large;
  raw_.clear();
  return state_;
}

ResponseAssembler::State ResponseAssembler::feed(std::string_view bytes) {
  if (state_ != State::kNeedMore) return state_;
  raw_.append(bytes);
  return advance();
}

ResponseAssembler::State ResponseAssembler::parse_head() {
  while (true) {
    std::size_t end = raw_.find("\r\n\r\n");
    std::size_t skip = 4;
    const std::size_t bare = raw_.find("\n\n");
    if (bare != std::string::npos && (end == std::string::npos || bare < end)) {
      end = bare;
      skip = 2;
    }
    if (end == std::string::npos) {
      if (raw_.size() > max_head_) return fail(fmt::format("the response head exceeds {} bytes", max_head_));
      return State::kNeedMore;
    }
    if (end + skip > max_head_) return fail(fmt::format("the response head exceeds {} bytes", max_head_));
    auto head = parse_http_response(std::string_view(raw_).substr(0, end + skip));
    if (!head) return fail("the server answered something that is not HTTP");
    raw_.erase(0, end + skip);
    if (head->status_code >= 100 && head->status_code < 200) continue;  // 100 Continue: the answer follows
    head_ = std::move(head);
    break;
  }
  const auto te = head_->header("Transfer-Encoding");
  const auto cl = head_->header("Content-Length");
  if (head_->status_code == 204 || head_->status_code == 304) {
    framing_ = Framing::kLength;
    remaining_ = 0;
  } else if (te && lower(trim(*te)).ends_with("chunked")) {
    framing_ = Framing::kChunked;
  } else if (te) {
    return fail(fmt::format("unsupported Transfer-Encoding \"{}\"", printable(*te, 60)));
  } else if (cl) {
    auto n = parse_decimal(*cl);
    if (!n) return fail(fmt::format("malformed Content-Length \"{}\"", printable(*cl, 60)));
    if (*n > max_body_) {
      return fail(fmt::format("the response announces {} bytes, more than the {} accepted", *n, max_body_), true);
    }
    framing_ = Framing::kLength;
    remaining_ = static_cast<std::size_t>(*n);
  } else {
    framing_ = Framing::kClose;
  }
  return State::kNeedMore;
}

ResponseAssembler::State ResponseAssembler::advance() {
  if (!head_) {
    if (parse_head() != State::kNeedMore || !head_) return state_;
  }
  switch (framing_) {
    case Framing::kLength: {
      const std::size_t take = std::min(remaining_, raw_.size());
      body_.append(raw_, 0, take);
      raw_.clear();  // bytes after the announced length are not part of this response
      remaining_ -= take;
      if (remaining_ == 0) state_ = State::kComplete;
      return state_;
    }
    case Framing::kClose:
      if (body_.size() + raw_.size() > max_body_) {
        return fail(fmt::format("the response is larger than the {} bytes accepted", max_body_), true);
      }
      body_.append(raw_);
      raw_.clear();
      return state_;
    case Framing::kChunked:
      return advance_chunked();
  }
  return state_;
}

ResponseAssembler::State ResponseAssembler::advance_chunked() {
  while (true) {
    if (in_trailer_) {
      const std::size_t end = line_end(raw_);
      if (end == std::string::npos) {
        if (raw_.size() > kMaxTrailer) return fail("the chunked trailer is too long");
        return State::kNeedMore;
      }
      const bool empty = trim(std::string_view(raw_).substr(0, end)).empty();
      raw_.erase(0, end + 1);
      if (empty) {
        raw_.clear();
        state_ = State::kComplete;
        return state_;
      }
      continue;
    }
    if (in_chunk_) {
      const std::size_t take = std::min(remaining_, raw_.size());
      body_.append(raw_, 0, take);
      raw_.erase(0, take);
      remaining_ -= take;
      if (remaining_ > 0) return State::kNeedMore;
      // The chunk's data ends with CRLF (a bare LF tolerated).
      if (raw_.empty() || (raw_[0] == '\r' && raw_.size() < 2)) return State::kNeedMore;
      if (raw_.starts_with("\r\n")) {
        raw_.erase(0, 2);
      } else if (raw_[0] == '\n') {
        raw_.erase(0, 1);
      } else {
        return fail("malformed chunked body: a chunk does not end where its size says");
      }
      in_chunk_ = false;
      continue;
    }
    const std::size_t end = line_end(raw_);
    if (end == std::string::npos) {
      if (raw_.size() > kMaxChunkLine) return fail("malformed chunked body: a chunk-size line is too long");
      return State::kNeedMore;
    }
    std::string_view line = std::string_view(raw_).substr(0, end);
    line = trim(line.substr(0, line.find(';')));  // chunk extensions are ignored
    if (line.empty() || line.size() > 15) return fail("malformed chunked body: bad chunk size");
    unsigned long long size = 0;
    auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (ec != std::errc() || p != line.data() + line.size()) return fail("malformed chunked body: bad chunk size");
    raw_.erase(0, end + 1);
    if (size == 0) {
      in_trailer_ = true;
      continue;
    }
    if (size > max_body_ - body_.size()) {
      return fail(fmt::format("the response is larger than the {} bytes accepted", max_body_), true);
    }
    in_chunk_ = true;
    remaining_ = static_cast<std::size_t>(size);
  }
}

ResponseAssembler::State ResponseAssembler::finish() {
  if (state_ != State::kNeedMore) return state_;
  if (!head_) {
    return fail(raw_.empty() ? "the server closed the connection without answering"
                             : "the server closed the connection before the response head was complete");
  }
  switch (framing_) {
    case Framing::kClose:
      state_ = State::kComplete;
      return state_;
    case Framing::kLength:
      return fail(fmt::format("the server closed the connection after {} of {} bytes", body_.size(),
                              body_.size() + remaining_));
    case Framing::kChunked:
      return fail("the server closed the connection in the middle of a chunked body");
  }
  return state_;
}

CacheLifetime cache_lifetime(const HttpResponse& head, long long now) {
  CacheLifetime out;
  if (auto cc = head.header("Cache-Control")) {
    std::string_view rest = *cc;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string directive = lower(trim(rest.substr(0, comma)));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (directive == "no-store" || directive == "no-cache") out.no_store = true;
      if (directive.starts_with("max-age=")) {
        std::string_view v = std::string_view(directive).substr(8);
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        if (auto n = parse_decimal(v)) out.max_age = static_cast<long long>(std::min(*n, 100ULL * 365 * 86400));
      }
    }
  }
  if (!out.max_age) {
    if (auto expires = head.header("Expires")) {
      // A malformed Expires means "already expired" (RFC 9111 5.3).
      auto at = parse_http_date(trim(*expires));
      out.max_age = at && *at > now ? *at - now : 0;
    }
  }
  return out;
}

std::optional<long long> parse_http_date(std::string_view s) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": exactly 29 characters.
  if (s.size() != 29 || s.substr(3, 2) != ", " || s.substr(25) != " GMT") return std::nullopt;
  static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto num = [&](std::size_t at, std::size_t len) -> std::optional<unsigned> {
    unsigned v = 0;
    for (std::size_t i = at; i < at + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return v;
  };
  auto day = num(5, 2), year = num(12, 4), hh = num(17, 2), mm = num(20, 2), ss = num(23, 2);
  if (!day || !year || !hh || !mm || !ss || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
      s[22] != ':') {
    return std::nullopt;
  }
  unsigned month = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i)
    if (s.substr(8, 3) == kMonths[i]) month = i + 1;
  if (month == 0 || *day < 1 || *day > 31 || *hh > 23 || *mm > 59 || *ss > 60) return std::nullopt;
  return days_from_civil(*year, month, *day) * 86400 + *hh * 3600LL + *mm * 60LL + *ss;
}

}  // namespace uccert::net
