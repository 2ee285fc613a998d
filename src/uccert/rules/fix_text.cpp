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

// The certificate types an SE Front End uses for sign-in and web services (PS-03).
constexpr std::string_view kFrontEndTypes = "Default,WebServicesInternal,WebServicesExternal";

// A PowerShell double-quoted string holding `text` as it is: a certificate's names are chosen by
// whoever made it, and PowerShell expands $(...) in such a string and ends it at " (or at the
// typographic quotes it also accepts), so each of those, and the backtick, is escaped.
std::string ps_quoted(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // “ ” „ (E2 80 9C..9E) end a double-quoted string in PowerShell as " does.
    const bool typographic = c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
                             (text[i + 2] == '\x9C' || text[i + 2] == '\x9D' || text[i + 2] == '\x9E');
    if (c == '"' || c == '$' || c == '`' || typographic) out += '`';
    out += c;
  }
  return out + "\"";
}

// `text` as one PowerShell argument: as it is when it is a plain DNS name, else ps_quoted.
std::string ps_argument(std::string_view text) {
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
  return plain ? std::string(text) : ps_quoted(text);
}

// PS-01: Request-CsCertificate -New -Type <types> -CA "<ca>" -DomainName "<names>"
std::string request_cs_certificate(std::string_view types, const std::vector<std::string>& names,
                                   const pki::Certificate* issuer_hint) {
  std::string ca = issuer_hint != nullptr ? fmt::format("<CA server FQDN>\\{}", short_name(*issuer_hint))
                                          : std::string("<CA server FQDN>\\<CA name>");
  return fmt::format("Request-CsCertificate -New -Type {} -CA {} -DomainName {}", types, ps_quoted(ca),
                     ps_quoted(join_names(names)));
}

// PS-02: Set-CsCertificate -Type <types> -Thumbprint <thumbprint>
std::string set_cs_certificate(std::string_view types, std::string_view thumbprint) {
  return fmt::format("Set-CsCertificate -Type {} -Thumbprint {}", types, thumbprint);
}

// PS-05: Import-CsCertificate of a full-chain PFX.
std::string import_full_chain(std::string_view pfx_path) {
  return fmt::format(
      "Import-CsCertificate -Path \"{}\" -Password (ConvertTo-SecureString \"<pfx password>\" -AsPlainText -Force)",
      pfx_path);
}

// UM-05 then PS-08, one command a line: UMStartupMode TLS on the UM service and the call router
// first (a certificate can be enabled for UM only once the mode is TLS or Dual), then
// Enable-ExchangeCertificate -Thumbprint <t> -Services UM,UMCallRouter, then the restart; the
// Exchange 2010 spellings (Set-UMServer, -Services UM) as comments.
std::string enable_exchange_um(std::string_view thumbprint, std::string_view server) {
  return fmt::format(
      "Set-UMService -Identity {0} -UMStartupMode TLS   "
      "# Exchange 2010: Set-UMServer -Identity {0} -UMStartupMode TLS\n"
      "Set-UMCallRouterSettings -Server {0} -UMStartupMode TLS   # Exchange 2013 and later\n"
      "Enable-ExchangeCertificate -Thumbprint {1} -Services UM,UMCallRouter   # Exchange 2010: -Services UM\n"
      "Restart-Service MSExchangeUM, MSExchangeUMCR   # Exchange 2010: Restart-Service MSExchangeUM",
      ps_argument(server), thumbprint);
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

std::string add_trusted_ca(std::string_view thumbprint, bool root) {
  return fmt::format(
      "$ca = New-CsWebTrustedCACertificate -Thumbprint {} -CAStore {}\n"
      "Set-CsWebServiceConfiguration -TrustedCACerts @{{Add=$ca}}\n"
      "Get-CsWebServiceConfiguration   # the thumbprint is now listed in TrustedCACerts; then reboot the phones",
      thumbprint, root ? "TrustedRootCA" : "IntermediateCA");
}

std::string reissue_and_assign(profiles::ServerKind server, const std::vector<std::string>& names,
                               const pki::Certificate* issuer_hint, std::string_view request_options) {
  const std::string subject = names.empty() ? std::string("<server FQDN>") : names.front();
  const std::string ca = issuer_hint != nullptr ? short_name(*issuer_hint) : std::string("the CA");
  switch (server) {
    case profiles::ServerKind::kExchangeUm:
      return fmt::format(
          "New-ExchangeCertificate -GenerateRequest -SubjectName {0} -PrivateKeyExportable $true{1} -RequestFile {2}"
          "   # no SAN: Lync reads only the CN of a UM certificate\n"
          "Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes({3}))   "
          "# the certificate {4} issued for the request\n"
          "{5}",
          ps_quoted("CN=" + subject), request_options, ps_quoted("C:\\certs\\" + subject + ".req"),
          ps_quoted("C:\\certs\\" + subject + ".cer"), ca,
          enable_exchange_um("<thumbprint of the new certificate>", subject));
    case profiles::ServerKind::kSbc:
      return fmt::format(
          "On the SBC (its certificate pages; no cmdlet reaches it): generate a new key and a request for {}{}, have "
          "{} sign it, install the certificate with its intermediates, and select it for the TLS context of the SIP "
          "interface that Direct Routing connects to",
          join_names(names, ", "), request_options.empty() ? "" : fmt::format(" ({})", request_options.substr(1)),
          issuer_hint != nullptr ? ca : std::string("a CA of the Microsoft Trusted Root Program"));
    case profiles::ServerKind::kLync:
      break;
  }
  return fmt::format("{}{}\n{}", request_cs_certificate(kFrontEndTypes, names, issuer_hint), request_options,
                     set_cs_certificate(kFrontEndTypes, "<thumbprint of the new certificate>"));
}

std::string reissue_leaf(const evidence::Evidence& evidence, profiles::ServerKind server,
                         std::string_view request_options) {
  const auto& leaf = *evidence.chain[0];
  std::vector<std::string> names = leaf.subject_common_names;
  for (const auto& n : dns_names(leaf)) names.push_back(n);
  return reissue_and_assign(server, names, evidence.chain.size() > 1 ? evidence.chain[1].get() : nullptr,
                            request_options);
}

std::string send_full_chain(profiles::ServerKind server, const pki::Certificate& leaf, std::string_view intermediate,
                            std::string_view host, int port) {
  const std::string look =
      fmt::format("openssl s_client -connect {}:{} -showcerts   # certificate 0 is the leaf, 1.. the intermediates",
                  host, port);
  switch (server) {
    case profiles::ServerKind::kExchangeUm:
      return fmt::format(
          "Install {} in the Intermediate Certification Authorities store of the Exchange server's computer account "
          "(certlm.msc), so that UM sends it with {}, then restart UM:\n"
          "Restart-Service MSExchangeUM, MSExchangeUMCR   # Exchange 2010: Restart-Service MSExchangeUM\n{}",
          intermediate, describe(leaf), look);
    case profiles::ServerKind::kSbc:
      return fmt::format(
          "On the SBC: install {} as an intermediate of the certificate {} (its certificate pages), so that the SIP "
          "interface sends the full chain (DR-04):\n{}",
          intermediate, describe(leaf), look);
    case profiles::ServerKind::kLync:
      break;
  }
  return fmt::format(
      "Install {} in the Intermediate Certification Authorities store of the server (and of every load balancer, "
      "reverse proxy and Exchange CAS in front of it), or re-import the certificate as a PFX that holds the full "
      "chain, and re-assign it:\n"
      "{}\n"
      "{}\n"
      "Restart-Service RTCSRV\n"
      "{}",
      intermediate, import_full_chain("C:\\certs\\full-chain.pfx"),
      set_cs_certificate(kFrontEndTypes, leaf.sha1_thumbprint), look);
}

std::string describe(const pki::Certificate& cert) {
  return fmt::format("{} (SHA-1 thumbprint {})", short_name(cert), cert.sha1_thumbprint);
}

}  // namespace uccert::rules::fix
