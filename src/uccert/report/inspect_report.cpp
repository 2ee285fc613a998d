#include "uccert/report/inspect_report.h"

namespace uccert::report {

InspectedFile inspected(pki::LoadedFile file) {
  InspectedFile out;
  out.path = file.path;
  out.chain = pki::analyse_chain_order(file.certificates);
  out.loaded = std::move(file);
  return out;
}

InspectedFile inspection_failed(std::string path, std::string error) {
  InspectedFile out;
  out.path = std::move(path);
  out.error = std::move(error);
  return out;
}

std::int64_t days_remaining(pki::UnixTime at, pki::UnixTime not_after) {
  const std::int64_t diff = not_after - at;
  std::int64_t days = diff / 86400;
  if (diff % 86400 < 0) --days;
  return days;
}

std::string_view validity_at(const pki::Certificate& cert, pki::UnixTime at) {
  if (at < cert.not_before) return "not-yet-valid";
  if (at > cert.not_after) return "expired";
  return "valid";
}

std::string_view general_name_type(pki::GeneralNameType type) {
  switch (type) {
    case pki::GeneralNameType::kDns: return "dns";
    case pki::GeneralNameType::kIp: return "ip";
    case pki::GeneralNameType::kUri: return "uri";
    case pki::GeneralNameType::kEmail: return "email";
    case pki::GeneralNameType::kDirectoryName: return "directory-name";
    case pki::GeneralNameType::kOther: return "other-name";
    case pki::GeneralNameType::kRegisteredId: return "registered-id";
    case pki::GeneralNameType::kX400: return "x400";
    case pki::GeneralNameType::kEdiParty: return "edi-party";
  }
  return "other-name";
}

}  // namespace uccert::report
