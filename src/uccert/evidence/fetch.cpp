#include "uccert/evidence/fetch.h"

namespace uccert::evidence {

std::string_view to_string(FetchOutcome outcome) {
  switch (outcome) {
    case FetchOutcome::kFetched: return "fetched";
    case FetchOutcome::kFailed: return "failed";
    case FetchOutcome::kNotFetched: return "not-fetched";
  }
  return "not-fetched";
}

std::string_view to_string(FetchMode mode) {
  switch (mode) {
    case FetchMode::kNone: return "none";
    case FetchMode::kOffline: return "offline";
    case FetchMode::kOnline: return "online";
  }
  return "none";
}

}  // namespace uccert::evidence
