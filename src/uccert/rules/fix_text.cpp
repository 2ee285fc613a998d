#include "uccert/rules/fix_text.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <utility>

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
// The Edge's external interface (Access, Web Conferencing, A/V authentication) and its internal one.
constexpr std::string_view kEdgeExternalTypes = "AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication";
constexpr std::string_view kEdgeInternalTypes = "Internal";

}  // namespace

namespace {

// The Set-CsCertificate -Type values of a Front End-like destination: its known role's usages
// (fe-web-internal: WebServicesInternal alone), else the SE Front End's usual set.
std::string cs_types(const Destination& to) {
  if (!to.role) return std::string(kFrontEndTypes);
  std::string out;
  for (auto u : profiles::role_spec(*to.role).usages) out += (out.empty() ? "" : ",") + std::string(u);
  return out.empty() ? std::string(kFrontEndTypes) : out;
}

// The service that loads a new Default certificate (S-01, PS-14): the Front End's, or the
// Mediation Server's; web services certificates are bound to IIS by Set-CsCertificate itself.
std::string restart_line(const Destination& to, std::string_view types) {
  if (types.find("Default") == std::string_view::npos) return {};
  if (to.role == profiles::Role::kMediation)
    return "\nRestart-Service RTCMEDSRV   # the Mediation Server loads the new Default certificate";
  return "\nRestart-Service RTCSRV   # the Front End loads the new Default certificate";
}

}  // namespace

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

namespace {

// `text` as one PowerShell argument: as it is when it is a plain DNS name, else ps_quoted.
std::string ps_argument(std::string_view text) {
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
  return plain ? std::string(text) : ps_quoted(text);
}

// `text` made safe to follow a `#` on one line: a name from a certificate in a PowerShell comment
// must not start a new line (and with it a command).
std::string comment_text(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7F') c = ' ';
  return out;
}

// The CA for messages and comments.
std::string ca_text(std::string_view ca_name) {
  return ca_name.empty() ? std::string("the CA") : comment_text(ca_name);
}

// PS-01: Request-CsCertificate -New -Type <types> -CA "<ca>" -DomainName "<names>"
std::string request_cs_certificate(std::string_view types, const std::vector<std::string>& names,
                                   std::string_view ca_name) {
  const std::string ca = fmt::format("<CA server FQDN>\\{}", ca_name.empty() ? std::string_view("<CA name>") : ca_name);
  return fmt::format("Request-CsCertificate -New -Type {} -CA {} -DomainName {}", types, ps_quoted(ca),
                     ps_quoted(join_names(names)));
}

// PS-01 offline (-Output), for a server that cannot reach the CA (the Edge, G-10): the request
// file goes to the CA, the certificate it returns is imported (PS-05).
std::string request_cs_certificate_offline(std::string_view types, const std::vector<std::string>& names,
                                           std::string_view file, std::string_view ca_name,
                                           std::string_view request_options, bool exportable) {
  return fmt::format(
      "Request-CsCertificate -New -Type {} -Output {}{}{}{}   # send the request to {}\n"
      "Import-CsCertificate -Path {}   # the certificate {} issued, with its chain",
      types, ps_quoted(fmt::format("C:\\certs\\{}.req", file)),
      names.empty() ? std::string() : " -DomainName " + ps_quoted(join_names(names)),
      exportable ? " -PrivateKeyExportable $true" : "", request_options, ca_text(ca_name),
      ps_quoted(fmt::format("C:\\certs\\{}.p7b", file)), ca_text(ca_name));
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

// Import-ExchangeCertificate of a full-chain PFX (the intermediates go to the computer's store).
std::string import_exchange_full_chain(std::string_view pfx_path) {
  return fmt::format(
      "Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes(\"{}\")) "
      "-Password (ConvertTo-SecureString \"<pfx password>\" -AsPlainText -Force)",
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

Destination destination_for(profiles::Role role) {
  using profiles::Role;
  Destination to;
  to.role = role;
  to.server = profiles::role_spec(role).server;
  switch (role) {
    case Role::kFeDefault:
    case Role::kFeWebInternal:
    case Role::kFeWebExternal:
    case Role::kDirector:
    case Role::kMediation: to.roles = {fix::Role::kFrontEnd}; break;
    case Role::kEdgeInternal: to.roles = {fix::Role::kEdgeInternal}; break;
    case Role::kEdgeExternal: to.roles = {fix::Role::kEdgeExternal}; break;
    case Role::kReverseProxy: to.roles = {fix::Role::kReverseProxy}; break;
    case Role::kExchangeWeb: to.roles = {fix::Role::kExchange}; break;
    case Role::kOfficeWebApps: to.roles = {fix::Role::kOfficeWebApps}; break;
    case Role::kExchangeUm:
    case Role::kSbc: break;  // their server kind has its own commands
  }
  return to;
}

Destination destination(const evidence::Evidence& evidence, const evidence::TrustInputs& trust,
                        profiles::ServerKind server, std::optional<profiles::Role> role) {
  if (role) return destination_for(*role);
  Destination to;
  to.server = server;
  if (server != profiles::ServerKind::kLync) return to;
  const pki::Certificate* leaf = evidence.chain.empty() ? nullptr : evidence.chain.front().get();
  const pki::Certificate* pool = trust.pool_chain.empty() ? nullptr : trust.pool_chain.front().get();
  if (leaf != nullptr && pool != nullptr && leaf->der_sha256 == pool->der_sha256) {
    to.roles = {Role::kFrontEnd};
  } else if (evidence.endpoint && evidence.endpoint->protocol == "smtp") {
    to.roles = {Role::kExchange};
    to.exchange_services = "SMTP";
  } else if (pool != nullptr) {
    // Not the pool's certificate: never the Front End's Default (Exchange, Edge, reverse proxy).
    to.roles = {Role::kEdgeExternal, Role::kEdgeInternal, Role::kExchange, Role::kReverseProxy};
  } else {
    to.roles = {Role::kFrontEnd, Role::kEdgeExternal, Role::kEdgeInternal, Role::kExchange, Role::kReverseProxy};
  }
  return to;
}

std::string issuing_ca_name(const evidence::Evidence& evidence, const evidence::TrustInputs& trust) {
  if (evidence.chain.empty() || !evidence.chain.front()) return {};
  const auto& leaf = *evidence.chain.front();
  if (leaf.self_issued) return {};
  // The presented certificates in any order (a server may send them shuffled), then the fetched
  // ones, then every trust input: the first whose name and key issued the leaf.
  const std::vector<pki::CertificatePtr> presented(evidence.chain.begin() + 1, evidence.chain.end());
  const std::vector<const std::vector<pki::CertificatePtr>*> pools{
      &presented,          &evidence.aia_fetched, &trust.pool_chain,  &trust.enterprise_roots,
      &trust.trusted_ca_certs, &trust.public_roots,  &trust.mobile_roots};
  if (auto issuer = find_issuer(leaf, pools)) return short_name(*issuer);
  // Not given: its name as the leaf states it (the CA's common name is what -CA wants).
  for (const auto& a : leaf.issuer.attributes)
    if (a.short_name == "CN") return a.value;
  return leaf.issuer.text;
}

namespace {

// Each role's commands for re-issuing under `names` from `ca_name`.
std::string reissue_for_role(Role role, const Destination& to, const std::vector<std::string>& names,
                             std::string_view ca_name, std::string_view request_options) {
  const std::string subject = names.empty() ? std::string("<server FQDN>") : names.front();
  switch (role) {
    case Role::kFrontEnd: {
      const std::string types = cs_types(to);
      return fmt::format("{}{}\n{}{}", request_cs_certificate(types, names, ca_name), request_options,
                         set_cs_certificate(types, "<thumbprint of the new certificate>"), restart_line(to, types));
    }
    case Role::kEdgeExternal:
      // EDGE-05, K-02: the A/V authentication key is exportable (all Edges of a pool share it).
      return fmt::format("{}\n{}\nStop-CsWindowsService; Start-CsWindowsService",
                         request_cs_certificate_offline(kEdgeExternalTypes, names, "edge-external", ca_name,
                                                        request_options, true),
                         set_cs_certificate(kEdgeExternalTypes, "<thumbprint of the new certificate>"));
    case Role::kEdgeInternal:
      // EDGE-07: the subject is the Edge's internal FQDN from the topology, no SAN.
      return fmt::format("# subject {}: the Edge's internal FQDN in the topology, no SAN\n{}\n{}\n"
                         "Stop-CsWindowsService; Start-CsWindowsService",
                         comment_text(subject),
                         request_cs_certificate_offline(kEdgeInternalTypes, {}, "edge-internal", ca_name,
                                                        request_options, false),
                         set_cs_certificate(kEdgeInternalTypes, "<thumbprint of the new certificate>"));
    case Role::kExchange: {
      // -DomainName takes a list: each name quoted on its own, duplicates dropped as join_names does.
      std::vector<std::string> seen;
      std::string domains;
      for (const auto& n : names) {
        if (n.empty() || std::find(seen.begin(), seen.end(), lower(n)) != seen.end()) continue;
        seen.push_back(lower(n));
        domains += (domains.empty() ? "" : ",") + ps_quoted(n);
      }
      return fmt::format(
          "New-ExchangeCertificate -GenerateRequest -SubjectName {} -DomainName {} -PrivateKeyExportable $true{} "
          "-RequestFile {}\n"
          "Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes({}))   "
          "# the certificate {} issued for the request\n"
          "Enable-ExchangeCertificate -Thumbprint <thumbprint of the new certificate> -Services {}",
          ps_quoted("CN=" + subject), domains.empty() ? ps_quoted(subject) : domains, request_options,
          ps_quoted("C:\\certs\\" + subject + ".req"), ps_quoted("C:\\certs\\" + subject + ".cer"),
          ca_text(ca_name), to.exchange_services);
    }
    case Role::kReverseProxy:
      return fmt::format(
          "On the reverse proxy (its own certificate pages; no cmdlet reaches it): request a certificate for {}{} "
          "from {}, install it with its intermediates and select it for the listener that publishes the web "
          "services",
          join_names(names, ", "), request_options.empty() ? "" : fmt::format(" ({})", request_options.substr(1)),
          ca_text(ca_name));
    case Role::kOfficeWebApps:
      // OWAS-02: the farm presents the certificate named by its friendly name on every server.
      return fmt::format(
          "On each Office Web Apps server: request a certificate for {}{} from {} (Subject CN = {}, private key "
          "exportable, a friendly name such as \"OWAS {}\"), import it with its chain into the computer's Personal "
          "store, then:\n"
          "Set-OfficeWebAppsFarm -CertificateName {}\n"
          "Get-OfficeWebAppsFarm | Select-Object CertificateName   # the friendly name of the new certificate",
          join_names(names, ", "), request_options.empty() ? "" : fmt::format(" ({})", request_options.substr(1)),
          ca_text(ca_name), comment_text(subject), comment_text(subject), ps_quoted("OWAS " + subject));
  }
  return {};
}

// The full-chain fix of each role, for `leaf` (the certificate already on the server).
std::string full_chain_for_role(Role role, const Destination& to, const pki::Certificate& leaf) {
  const std::string pfx = "C:\\certs\\full-chain.pfx";
  switch (role) {
    case Role::kFrontEnd: {
      const std::string types = cs_types(to);
      return fmt::format("{}\n{}{}", import_full_chain(pfx), set_cs_certificate(types, leaf.sha1_thumbprint),
                         restart_line(to, types));
    }
    case Role::kEdgeExternal:
      return fmt::format("{}\n{}\nStop-CsWindowsService; Start-CsWindowsService", import_full_chain(pfx),
                         set_cs_certificate(kEdgeExternalTypes, leaf.sha1_thumbprint));
    case Role::kEdgeInternal:
      return fmt::format("{}\n{}\nStop-CsWindowsService; Start-CsWindowsService", import_full_chain(pfx),
                         set_cs_certificate(kEdgeInternalTypes, leaf.sha1_thumbprint));
    case Role::kExchange:
      return fmt::format("{}\nEnable-ExchangeCertificate -Thumbprint {} -Services {}\niisreset /noforce",
                         import_exchange_full_chain(pfx), leaf.sha1_thumbprint, to.exchange_services);
    case Role::kReverseProxy:
      return "On the reverse proxy (its own certificate pages): install the intermediate with the certificate, or "
             "import the full-chain PFX, and select the certificate again for the listener";
    case Role::kOfficeWebApps:
      return fmt::format("Import-PfxCertificate -FilePath \"{}\" -CertStoreLocation Cert:\\LocalMachine\\My "
                         "-Password (ConvertTo-SecureString \"<pfx password>\" -AsPlainText -Force)   "
                         "# on each Office Web Apps server\n"
                         "Set-OfficeWebAppsFarm -CertificateName \"<friendly name of {}>\"",
                         pfx, short_name(leaf));
  }
  return {};
}

std::string_view role_label(Role role) {
  switch (role) {
    case Role::kFrontEnd: return "a Front End pool or Director (Default and web services certificate)";
    case Role::kEdgeExternal:
      return "an Edge Server, external interface (Access, Web Conferencing, A/V authentication)";
    case Role::kEdgeInternal: return "an Edge Server, internal interface";
    case Role::kExchange: return "Exchange Client Access (OWA, EWS, Autodiscover)";
    case Role::kReverseProxy: return "a reverse proxy";
    case Role::kOfficeWebApps: return "an Office Web Apps farm";
  }
  return {};
}

// One role: its commands as they are. Several: which server the certificate is on is not known
// here, so each role's commands under a PowerShell comment naming it, the shortest first.
std::string for_each_role(const Destination& to, const std::function<std::string(Role)>& commands) {
  if (to.roles.size() == 1) return commands(to.roles.front());
  std::vector<std::pair<Role, std::string>> blocks;
  for (auto role : to.roles) blocks.emplace_back(role, commands(role));
  std::stable_sort(blocks.begin(), blocks.end(),
                   [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
  std::string out = "# Which server this certificate is on is not known here: the commands for each role it could "
                    "have, shortest first; run only those of its role.";
  for (const auto& [role, text] : blocks) out += fmt::format("\n# On {}:\n{}", role_label(role), text);
  return out;
}

}  // namespace

std::string reissue_and_assign(const Destination& to, const std::vector<std::string>& names,
                               std::string_view ca_name, std::string_view request_options) {
  const std::string subject = names.empty() ? std::string("<server FQDN>") : names.front();
  switch (to.server) {
    case profiles::ServerKind::kExchangeUm:
      return fmt::format(
          "New-ExchangeCertificate -GenerateRequest -SubjectName {0} -PrivateKeyExportable $true{1} -RequestFile {2}"
          "   # no SAN: Lync reads only the CN of a UM certificate\n"
          "Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes({3}))   "
          "# the certificate {4} issued for the request\n"
          "{5}",
          ps_quoted("CN=" + subject), request_options, ps_quoted("C:\\certs\\" + subject + ".req"),
          ps_quoted("C:\\certs\\" + subject + ".cer"), ca_text(ca_name),
          enable_exchange_um("<thumbprint of the new certificate>", subject));
    case profiles::ServerKind::kSbc:
      return fmt::format(
          "On the SBC (its certificate pages; no cmdlet reaches it): generate a new key and a request for {}{}, have "
          "{} sign it, install the certificate with its intermediates, and select it for the TLS context of the SIP "
          "interface that Direct Routing connects to",
          join_names(names, ", "), request_options.empty() ? "" : fmt::format(" ({})", request_options.substr(1)),
          ca_name.empty() ? std::string("a CA of the Microsoft Trusted Root Program") : comment_text(ca_name));
    case profiles::ServerKind::kLync:
      break;
  }
  if (to.roles.empty()) return reissue_for_role(Role::kFrontEnd, to, names, ca_name, request_options);
  return for_each_role(to, [&](Role role) { return reissue_for_role(role, to, names, ca_name, request_options); });
}

std::string reissue_leaf(const evidence::Evidence& evidence, const evidence::TrustInputs& trust,
                         profiles::ServerKind server, std::string_view request_options,
                         std::optional<profiles::Role> role) {
  const auto& leaf = *evidence.chain[0];
  std::vector<std::string> names = leaf.subject_common_names;
  for (const auto& n : dns_names(leaf)) names.push_back(n);
  return reissue_and_assign(destination(evidence, trust, server, role), names, issuing_ca_name(evidence, trust),
                            request_options);
}

std::string send_full_chain(const Destination& to, const pki::Certificate& leaf, std::string_view intermediate,
                            std::string_view host, int port) {
  const std::string look =
      fmt::format("openssl s_client -connect {}:{} -showcerts   # certificate 0 is the leaf, 1.. the intermediates",
                  host, port);
  switch (to.server) {
    case profiles::ServerKind::kExchangeUm:
      return fmt::format(
          "Install {} in the Intermediate Certification Authorities store of the Exchange server's computer account "
          "(certlm.msc), or re-import the certificate as a PFX that holds the full chain, so that UM sends it with "
          "{}, then restart UM:\n"
          "{}\n"
          "Enable-ExchangeCertificate -Thumbprint {} -Services UM,UMCallRouter   # Exchange 2010: -Services UM\n"
          "Restart-Service MSExchangeUM, MSExchangeUMCR   # Exchange 2010: Restart-Service MSExchangeUM\n{}",
          intermediate, describe(leaf), import_exchange_full_chain("C:\\certs\\full-chain.pfx"),
          leaf.sha1_thumbprint, look);
    case profiles::ServerKind::kSbc:
      return fmt::format(
          "On the SBC: install {} as an intermediate of the certificate {} (its certificate pages), so that the SIP "
          "interface sends the full chain (DR-04):\n{}",
          intermediate, describe(leaf), look);
    case profiles::ServerKind::kLync:
      break;
  }
  Destination lync = to;
  if (lync.roles.empty()) lync.roles = {Role::kFrontEnd};
  return fmt::format(
      "Install {} in the Intermediate Certification Authorities store of the server's computer account (certlm.msc; "
      "and of every load balancer and reverse proxy in front of it), or re-import the certificate as a PFX that "
      "holds the full chain, and re-assign it:\n"
      "{}\n"
      "{}",
      intermediate, for_each_role(lync, [&](Role role) { return full_chain_for_role(role, lync, leaf); }), look);
}

std::string move_out_of_root_store(const pki::Certificate& cert) {
  const std::string& t = cert.sha1_thumbprint;
  const std::string file = ps_quoted("C:\\certs\\" + t + ".cer");
  const std::string find =
      "Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object { $_.Issuer -ne $_.Subject }   "
      "# PS-12: every certificate there that is not self-signed";
  if (!cert.is_ca())
    return fmt::format(
        "Remove {} from the Trusted Root Certification Authorities store of every computer that holds it (it is no "
        "CA certificate, so it belongs in no CA store) and trust its CA's self-signed root instead:\n{}\n"
        "certutil -delstore Root {}\n"
        "# published by a GPO: remove it from Public Key Policies > Trusted Root Certification Authorities",
        describe(cert), find, t);
  const std::string ldap = fmt::format(
      "ldap:///CN={},CN=Certification Authorities,CN=Public Key Services,CN=Services,CN=Configuration,"
      "<forest root DN>?cACertificate?base?objectClass=certificationAuthority",
      short_name(cert));
  return fmt::format(
      "Move {} from Trusted Root Certification Authorities to Intermediate Certification Authorities on every Lync / "
      "Skype for Business server (and every computer that holds it), then restart their services:\n{}\n"
      "Move-Item -Path Cert:\\LocalMachine\\Root\\{} -Destination Cert:\\LocalMachine\\CA\n"
      "# or with certutil, from the certificate exported to {}:\n"
      "certutil -addstore -f CA {}\n"
      "certutil -delstore Root {}\n"
      "# published to the domain as a root (certutil -dspublish ... RootCA): publish it as an intermediate instead and "
      "remove it from the root container\n"
      "certutil -dspublish -f {} SubCA\n"
      "certutil -viewdelstore {}\n"
      "# published by a GPO: move it from Public Key Policies > Trusted Root Certification Authorities to Intermediate "
      "Certification Authorities\n"
      "Then check again giving its self-signed root (issuer {}) as the root instead.",
      describe(cert), find, t, file, file, t, file, ps_quoted(ldap), comment_text(cert.issuer.text));
}

std::string describe(const pki::Certificate& cert) {
  return fmt::format("{} (SHA-1 thumbprint {})", short_name(cert), cert.sha1_thumbprint);
}

}  // namespace uccert::rules::fix
