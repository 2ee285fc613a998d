// The ms-diagnostics header Lync / Skype for Business (and Exchange UM) put on SIP responses:
//   ms-diagnostics: 1010;reason="Certificate trust with another server could not be
//   established";...;msexchHRESULT="0x800B010F(CERT_E_CN_NO_MATCH)";appName="ExumRouting"
// decoded into the code, the reason, every parameter, and the HRESULT named (uc-rules §7).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace uccert::net {

struct MsDiagnostics {
  int code = 0;                                  // 1010, 1009, ...
  std::string reason;
  std::map<std::string, std::string> parameters;  // every key="value", keys as sent
  std::optional<std::uint32_t> hresult;           // from msexchHRESULT / HRESULT / ErrorCode
  std::string hresult_name;                       // "CERT_E_CN_NO_MATCH", "" when unknown
  std::string rule;                               // the uc-rules id explaining it ("E-08"), "" when none
};

// Parses the header value; nullopt when it does not start with a numeric code.
std::optional<MsDiagnostics> parse_ms_diagnostics(std::string_view value);

// The symbolic name of a Windows / Lync HRESULT ("CERT_E_CN_NO_MATCH"), "" when unknown.
std::string_view hresult_name(std::uint32_t hresult);
// The uc-rules §7 entry for an HRESULT or ms-diagnostics code, "" when none.
std::string_view hresult_rule(std::uint32_t hresult);
std::string_view diagnostics_rule(int code);

// "0x800B010F"
std::string format_hresult(std::uint32_t hresult);

}  // namespace uccert::net
