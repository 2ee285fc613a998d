#include "uccert/rules/fix_text.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "uccert/rules/chain_shape.h"

namespace uccert::rules::fix {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string join_names(const std::vector<std::string>& names, std::string_view sep) {
  std::vector<std::string> seen;
  std::string out;
  for (const auto& n : names) {
    if (n.empty()) continue;
    auto l = lower(n);
    if (std::find(seen.begin(), seen.end(), l) != seen.end()) continue;
    seen.push_back(l);
    if (!out.empty()) out += sep;
    out += n;
  }
  return out;
}

std::vector<std::string> dns_names(const pki::Certificate& cert) {
  std::vector<std::string> out;
  for (const auto& n : cert.subject_alt_names)
    if (n.type == pki::GeneralNameType::kDns) out.push_back(n.value);
  return out;
}

std::vector<std::string> explicit_dns_names(const pki::Certificate& cert) {
  std::vector<std::string> out;
  for (const auto& n : dns_names(cert))
    if (n.find('*') == std::string::npos) out.push_back(n);
  return out;
}

std::vector<std::string> explicit_then_wildcard_names(const pki::Certificate& cert) {
  std::vector<std::string> out = explicit_dns_names(cert);
  for (const auto& n : dns_names(cert))
    if (n.find('*') != std::string::npos) out.push_back(n);
  return out;
}

std::string request_cs_certificate(std::string_view types, const std::vector<std::string>& names,
                                   const pki::Certificate* issuer_hint) {
  std::string ca = issuer_hint != nullptr ? fmt::format("<CA server FQDN>\\{}", short_name(*issuer_hint))
                                          : std::string("<CA server FQDN>\\<CA name>");
  return fmt::format("Request-CsCertificate -New -Type {} -CA \"{}\" -DomainName \"{}\"", types, ca,
                     join_names(names));
}

std::string set_cs_certificate(std::string_view types, std::string_view thumbprint) {
  return fmt::format("Set-CsCertificate -Type {} -Thumbprint {}", types, thumbprint);
}

std::string add_trusted_ca(std::string_view thumbprint, bool root) {
  return fmt::format(
      "$ca = New-CsWebTrustedCACertificate -Thumbprint {} -CAStore {}\n"
      "Set-CsWebServiceConfiguration -TrustedCACerts @{{Add=$ca}}\n"
      "Get-CsWebServiceConfiguration   # the thumbprint is now listed in TrustedCACerts; then reboot the phones",
      thumbprint, root ? "TrustedRootCA" : "IntermediateCA");
}

std::string import_full_chain(std::string_view pfx_path) {
  return fmt::format(
      "Import-CsCertificate -Path \"{}\" -Password (ConvertTo-SecureString \"<pfx password>\" -AsPlainText -Force)",
      pfx_path);
}

std::string enable_exchange_um(std::string_view thumbprint, std::string_view server) {
  return fmt::format(
      "Set-UMService -Identity {0} -UMStartupMode TLS   # Exchange 2010: Set-UMServer -Identity {0} -UMStartupMode TLS\n"
      "Set-UMCallRouterSettings -Server {0} -UMStartupMode TLS   # Exchange 2013 and later\n"
      "Enable-ExchangeCertificate -Thumbprint {1} -Services UM,UMCallRouter   # Exchange 2010: -Services UM\n"
      "Restart-Service MSExchangeUM, MSExchangeUMCR   # Exchange 2010: Restart-Service MSExchangeUM",
      server, thumbprint);
}

std::string describe(const pki::Certificate& cert) {
  return fmt::format("{} (SHA-1 thumbprint {})", short_name(cert), cert.sha1_thumbprint);
}

}  // namespace uccert::rules::fix
