// The keys of EndpointFacts::application_details: what a live endpoint said beyond TLS (SIP,
// SMTP, HTTP, client certificates, SNI), filled by net/ and read by rules and renderers
// (documented in docs/json.md).
#pragma once

#include <string>

namespace uccert::evidence::detail_key {
inline constexpr const char* kSipMsDiagnostics = "sip.ms-diagnostics";
inline constexpr const char* kSipDiagnosticsCode = "sip.ms-diagnostics.code";
inline constexpr const char* kSipDiagnosticsReason = "sip.ms-diagnostics.reason";
inline constexpr const char* kSipHresult = "sip.hresult";
inline constexpr const char* kSipHresultName = "sip.hresult.name";
inline constexpr const char* kSipRule = "sip.rule";
inline constexpr const char* kSipServer = "sip.server";
inline constexpr const char* kSmtpGreeting = "smtp.greeting";
inline constexpr const char* kSmtpEhlo = "smtp.ehlo";
inline constexpr const char* kHttpServer = "http.server";
inline constexpr const char* kHttpLocation = "http.location";
inline constexpr const char* kHttpRedirects = "http.redirects";
inline constexpr const char* kHttpHops = "http.hops";
// "http.hop.N.certificate": the certificate served at redirect hop N (1 = the first redirect's
// target) when that hop is on another host:port than the one dialled.
inline constexpr const char* kHttpHopPrefix = "http.hop.";
inline constexpr const char* kHttpHopCertificateSuffix = ".certificate";
inline std::string http_hop_certificate(int hop) {
  return kHttpHopPrefix + std::to_string(hop) + kHttpHopCertificateSuffix;
}
inline constexpr const char* kClientCertRequested = "client-cert.requested";
inline constexpr const char* kClientCertSent = "client-cert.sent";
inline constexpr const char* kClientCertIssuerListed = "client-cert.issuer-listed";
inline constexpr const char* kClientCertOutcome = "client-cert.outcome";
inline constexpr const char* kSniComparison = "sni.comparison";
inline constexpr const char* kProtocolError = "protocol.error";
inline constexpr const char* kChainTruncated = "chain.truncated";
}  // namespace uccert::evidence::detail_key
