#include "uccert/evidence/dns.h"

namespace uccert::evidence {

std::string_view to_string(DnsStatus s) {
  switch (s) {
    case DnsStatus::kOk: return "ok";
    case DnsStatus::kNoData: return "no-data";
    case DnsStatus::kNxDomain: return "nxdomain";
    case DnsStatus::kTimeout: return "timeout";
    case DnsStatus::kError: return "error";
  }
  return "error";
}

}  // namespace uccert::evidence
