// Certificate times (RFC 5280 4.1.2.5) and RFC 3339 text, over exact civil-date arithmetic.
#include "uccert/pki/time.h"

#include <openssl/asn1.h>
#include <openssl/err.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

#include "uccert/pki/asn1_text.h"
#include "uccert/pki/certificate_decode.h"

namespace uccert::pki {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil):
// no timegm, no time_t range limits, exact for year 9999.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

unsigned num(std::string_view s) {
  unsigned v = 0;
  for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

}  // namespace

UnixTime unix_time_of(std::int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s) {
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

namespace certificate_decode {

// Strict RFC 5280 4.1.2.5 decoding: UTCTime YYMMDDHHMMSSZ, GeneralizedTime YYYYMMDDHHMMSSZ.
// Anything else (no seconds, fractions, offsets) is recorded as encoding.time-format and decoded
// leniently with OpenSSL when possible.
std::optional<UnixTime> decode_time(const ASN1_TIME* t, const char* which, std::vector<DecodeNote>& notes) {
  if (t == nullptr) {
    notes.push_back({"encoding.time-format", std::string(which) + " missing"});
    return std::nullopt;
  }
  std::string s = x509_fields::to_raw_string(t);
  int type = ASN1_STRING_type(t);
  if (type == V_ASN1_UTCTIME) {
    if (s.size() == 13 && s[12] == 'Z' && all_digits(std::string_view(s).substr(0, 12))) {
      unsigned yy = num(std::string_view(s).substr(0, 2));
      std::int64_t y = yy >= 50 ? 1900 + yy : 2000 + yy;
      unsigned mo = num(std::string_view(s).substr(2, 2)), d = num(std::string_view(s).substr(4, 2));
      unsigned h = num(std::string_view(s).substr(6, 2)), mi = num(std::string_view(s).substr(8, 2));
      unsigned sec = num(std::string_view(s).substr(10, 2));
      if (mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) && h < 24 && mi < 60 && sec < 60)
        return unix_time_of(y, mo, d, h, mi, sec);
    }
  } else if (type == V_ASN1_GENERALIZEDTIME) {
    if (s.size() == 15 && s[14] == 'Z' && all_digits(std::string_view(s).substr(0, 14))) {
      std::int64_t y = num(std::string_view(s).substr(0, 4));
      unsigned mo = num(std::string_view(s).substr(4, 2)), d = num(std::string_view(s).substr(6, 2));
      unsigned h = num(std::string_view(s).substr(8, 2)), mi = num(std::string_view(s).substr(10, 2));
      unsigned sec = num(std::string_view(s).substr(12, 2));
      if (mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) && h < 24 && mi < 60 && sec < 60) {
        // RFC 5280 4.1.2.5: dates through 2049 MUST be UTCTime.
        if (y < 2050)
          notes.push_back({"encoding.time-generalized-before-2050", std::string(which) + " " + s});
        return unix_time_of(y, mo, d, h, mi, sec);
      }
    }
  }
  notes.push_back({"encoding.time-format", std::string(which) + " is not a valid RFC 5280 time: \"" + s + "\""});
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) == 1) {
    return unix_time_of(static_cast<std::int64_t>(tm.tm_year) + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                        static_cast<unsigned>(tm.tm_mday), static_cast<unsigned>(tm.tm_hour),
                        static_cast<unsigned>(tm.tm_min), static_cast<unsigned>(tm.tm_sec));
  }
  ERR_clear_error();
  return std::nullopt;
}

}  // namespace certificate_decode

std::string format_time(UnixTime t) {
  std::int64_t days = t / 86400;
  std::int64_t secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    days -= 1;
  }
  Civil c = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(c.y), c.m, c.d,
                static_cast<long long>(secs / 3600), static_cast<long long>((secs / 60) % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

std::optional<UnixTime> parse_time(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM); fractions are truncated.
  if (s.size() < 20) return std::nullopt;
  auto digits_at = [&](std::size_t pos, std::size_t n) { return pos + n <= s.size() && all_digits(s.substr(pos, n)); };
  if (!digits_at(0, 4) || s[4] != '-' || !digits_at(5, 2) || s[7] != '-' || !digits_at(8, 2) ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits_at(11, 2) || s[13] != ':' || !digits_at(14, 2) ||
      s[16] != ':' || !digits_at(17, 2))
    return std::nullopt;
  std::int64_t y = num(s.substr(0, 4));
  unsigned mo = num(s.substr(5, 2)), d = num(s.substr(8, 2)), h = num(s.substr(11, 2)), mi = num(s.substr(14, 2)),
           sec = num(s.substr(17, 2));
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  if (sec == 60) sec = 59;  // leap second: clamp
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  std::int64_t offset = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    if (!digits_at(pos + 1, 2) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits_at(pos + 4, 2))
      return std::nullopt;
    unsigned oh = num(s.substr(pos + 1, 2)), om = num(s.substr(pos + 4, 2));
    if (oh > 23 || om > 59) return std::nullopt;
    offset = (s[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return unix_time_of(y, mo, d, h, mi, sec) - offset;
}

}  // namespace uccert::pki
