#include "uccert/report/endpoint_notes.h"

#include <fmt/format.h>

#include "uccert/evidence/endpoint_details.h"
#include "uccert/net/probe.h"

namespace uccert::report {

std::vector<std::string> endpoint_notes(const evidence::EndpointFacts& f) {
  std::vector<std::string> out;
  auto detail = [&](const char* k) -> std::string {
    auto it = f.application_details.find(k);
    return it == f.application_details.end() ? std::string() : it->second;
  };
  namespace key = evidence::detail_key;
  // With --connect-to the connection went elsewhere than the name dialled: say both ports.
  const std::string at = f.connected_port != 0 && f.connected_port != f.port
                             ? fmt::format("port {} at {} port {}", f.port, f.address, f.connected_port)
                             : fmt::format("at {} port {}", f.address, f.port);
  out.push_back(fmt::format("endpoint: {} {}, {} over {} ({}), SNI {}", f.host, at, f.protocol, f.tls_version,
                            f.cipher, f.sni.empty() ? "none" : f.sni));
  out.push_back(fmt::format("OCSP response stapled: {}", f.ocsp_stapled ? "yes" : "no"));
  if (auto t = detail(key::kChainTruncated); !t.empty()) out.push_back(t);
  if (!f.application_status.empty()) out.push_back(fmt::format("{} answer: {}", f.protocol, f.application_status));
  if (auto d = detail(key::kSipMsDiagnostics); !d.empty()) {
    std::string hr = detail(key::kSipHresult);
    std::string hr_name = detail(key::kSipHresultName);
    std::string rule = detail(key::kSipRule);
    out.push_back(fmt::format("ms-diagnostics {}: {}{}{}", detail(key::kSipDiagnosticsCode),
                              detail(key::kSipDiagnosticsReason),
                              hr.empty() ? "" : fmt::format("; HRESULT {}{}", hr, hr_name.empty() ? "" : " " + hr_name),
                              rule.empty() ? "" : fmt::format(" (uc-rules {})", rule)));
  }
  if (auto h = detail(key::kHttpHops); !h.empty()) {
    std::string certs;
    for (int hop = 1; hop <= net::kMaxHttpRedirects; ++hop) {
      if (auto c = detail(evidence::detail_key::http_hop_certificate(hop).c_str()); !c.empty())
        certs += "; certificate at " + c;
    }
    out.push_back(fmt::format("HTTP redirects followed: {}: {}{}", detail(key::kHttpRedirects), h, certs));
  }
  for (const auto& h : f.hops) {
    if (h.kind != "link") continue;  // redirect targets are named with the redirects above
    out.push_back(h.chain.empty() ? fmt::format("autodiscover {} {}: not reached: {}", h.via, h.url, h.error)
                                  : fmt::format("autodiscover {} {}: {}, SHA-1 {}", h.via, h.url,
                                                h.chain.front()->subject.text, h.chain.front()->sha1_thumbprint));
  }
  if (auto g = detail(key::kSmtpGreeting); !g.empty()) out.push_back("SMTP greeting: " + g);
  if (detail(key::kClientCertRequested) == "yes") {
    out.push_back(f.client_ca_names.empty()
                      ? std::string("the server asks for a client certificate and names no CA")
                      : fmt::format("the server asks for a client certificate from: {}",
                                    fmt::join(f.client_ca_names, "; ")));
  }
  if (auto s = detail(key::kClientCertSent); !s.empty()) out.push_back("client certificate sent: " + s);
  if (auto l = detail(key::kClientCertIssuerListed); !l.empty())
    out.push_back("its issuer among the server's CAs: " + l);
  if (auto c = detail(key::kClientCertOutcome); !c.empty()) out.push_back("client certificate: " + c);
  if (auto s = detail(key::kSniComparison); !s.empty() && f.chain_without_sni) out.push_back("without SNI: " + s);
  else if (!s.empty() && s.rfind("handshake without SNI failed", 0) == 0) out.push_back(s);
  return out;
}

}  // namespace uccert::report
