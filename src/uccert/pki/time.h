// Time as certificates and reports carry it: seconds since the Unix epoch, UTC, written and read
// as RFC 3339. The civil-date arithmetic is done here (no timegm, no time_t range limits), so
// GeneralizedTime years beyond 2038 and up to 9999 are exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace uccert::pki {

// Seconds since the Unix epoch, UTC; covers GeneralizedTime years beyond 2038 and 9999.
using UnixTime = std::int64_t;

// The UnixTime of a proleptic Gregorian date and time of day, UTC (fields not range-checked).
UnixTime unix_time_of(std::int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                      unsigned second);
// Days in `month` (1..12) of `year`, leap years included.
unsigned days_in_month(std::int64_t year, unsigned month);

// Formats a UnixTime as RFC 3339 UTC ("2026-11-23T14:47:03Z").
std::string format_time(UnixTime t);
// Parses RFC 3339 (with Z or an offset); nullopt when malformed.
std::optional<UnixTime> parse_time(std::string_view text);

}  // namespace uccert::pki
