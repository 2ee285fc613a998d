// Building blocks of fix text: the exact PowerShell a Lync / Skype for Business / Exchange
// administrator runs, with the real names and thumbprints filled in (uc-rules §6, PS-01..PS-16).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/evidence/evidence.h"
#include "uccert/evidence/trust_inputs.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/profiles/roles.h"

namespace uccert::rules::fix {

// Names in fix commands are quoted for PowerShell inside (fix_text.cpp, ps_quoted): a certificate's
// names are chosen by whoever made it.

// A PowerShell double-quoted string holding `text` as it is ($, ` and the quotes escaped).
std::string ps_quoted(std::string_view text);

// "a,b,c" with duplicates (case-insensitive) removed, order kept.
std::string join_names(const std::vector<std::string>& names, std::string_view sep = ",");

// The explicit (non-wildcard) DNS names of the certificate's SAN, in order.
std::vector<std::string> explicit_dns_names(const pki::Certificate& cert);
// Every DNS name of the SAN, in order.
std::vector<std::string> dns_names(const pki::Certificate& cert);
// The SAN's DNS names with every explicit name before any wildcard (the order W-11 asks for).
std::vector<std::string> explicit_then_wildcard_names(const pki::Certificate& cert);

// PS-07: the two lines that add a CA to the web services TrustedCACerts, then the check.
std::string add_trusted_ca(std::string_view thumbprint, bool root);

// The roles a certificate that Lync / Skype for Business clients reach can have; each is put to
// use with its own commands (PS-01..PS-05, PS-08), never the Front End's for another's certificate.
enum class Role {
  kFrontEnd,      // Front End pool or Director: Default and web services (FE-01, DIR-01)
  kEdgeExternal,  // Edge Server external interface: Access, Web Conferencing, A/V authentication (EDGE-01..03)
  kEdgeInternal,  // Edge Server internal interface (EDGE-07)
  kExchange,      // Exchange Client Access: OWA, EWS, Autodiscover (CAS-01, LPE-02)
  kReverseProxy,  // the reverse proxy publishing the web services (RP-01)
  kOfficeWebApps  // an Office Web Apps / Office Online Server farm (OWAS-02)
};

// Where a fix is carried out: the kind of server the client validates (the profile's `server`)
// and, on the Lync side, the roles the certificate may have there. `check` is not told which role
// a certificate has, so a fix gives the commands of each role it could have.
struct Destination {
  profiles::ServerKind server = profiles::ServerKind::kLync;
  std::vector<Role> roles;               // kLync only; never empty there
  std::string_view exchange_services = "IIS";  // Enable-ExchangeCertificate -Services for kExchange
  // Known role (check --role, audit): its own Set-CsCertificate -Type values and service restart
  // instead of the Front End's usual set. nullopt: not known.
  std::optional<profiles::Role> role;
};

// The Destination of a certificate known to serve `role` (profiles/roles.h): that server's own
// commands, one role, no guessing.
Destination destination_for(profiles::Role role);

// The Destination of a fix about the leaf of `evidence` for a client of `server`: with a known
// `role`, destination_for(role). Otherwise, on the Lync side: the Front End only when the leaf is the pool certificate given with --pool-cert; every
// other role when --pool-cert names another certificate; Exchange only (SMTP) for a certificate
// an SMTP server presented; else every role.
Destination destination(const evidence::Evidence& evidence, const evidence::TrustInputs& trust,
                        profiles::ServerKind server, std::optional<profiles::Role> role = std::nullopt);

// The name of the CA that issued the leaf of `evidence` (what `Request-CsCertificate -CA` and a
// request file are sent to): the subject of the certificate that issued it, found by name and
// signature among the certificates presented, fetched and given as trust inputs (never simply
// the one sent second), else the leaf's issuer CN. Empty for a self-issued leaf.
std::string issuing_ca_name(const evidence::Evidence& evidence, const evidence::TrustInputs& trust);

// Requesting a certificate for `names` (the first is its subject) from `ca_name` (empty: unknown)
// and putting the new one to use at `to`, one command a line: Request-CsCertificate,
// Set-CsCertificate (PS-01, PS-02) for each Lync-side role (the Edge's offline, with -Output and
// Import-CsCertificate, PS-05), New-ExchangeCertificate / Enable-ExchangeCertificate for Exchange;
// New-ExchangeCertificate for the first name only (Lync reads nothing else of a UM certificate,
// UM-02), then UMStartupMode and Enable-ExchangeCertificate (UM-05, PS-08) on Exchange UM; the
// SBC's own certificate pages for an SBC. Several roles: each labelled, the shortest first.
// `request_options` (" -KeySize 2048") is added to each request command.
std::string reissue_and_assign(const Destination& to, const std::vector<std::string>& names,
                               std::string_view ca_name, std::string_view request_options = {});

// reissue_and_assign for the leaf of `evidence` under its own names (the CN, then the SAN's DNS
// names), from its issuing CA (issuing_ca_name), at destination(evidence, trust, server, role).
std::string reissue_leaf(const evidence::Evidence& evidence, const evidence::TrustInputs& trust,
                         profiles::ServerKind server, std::string_view request_options = {},
                         std::optional<profiles::Role> role = std::nullopt);

// Making the server at `to` send its leaf with `intermediate` (a description), then looking at
// what it sends on `port`: the intermediate store, or the full-chain PFX imported and assigned
// again with the role's own cmdlets (Import-CsCertificate / Set-CsCertificate on the Lync side,
// Import-ExchangeCertificate / Enable-ExchangeCertificate on Exchange).
std::string send_full_chain(const Destination& to, const pki::Certificate& leaf, std::string_view intermediate,
                            std::string_view host, int port);

// G-15, PS-12: taking `cert`, a certificate that is not self-signed, out of the Windows Trusted
// Root Certification Authorities store (and its AD / GPO publication): a CA goes to the
// Intermediate Certification Authorities store instead, anything else is removed.
std::string move_out_of_root_store(const pki::Certificate& cert);

// "<CN> (SHA-1 thumbprint <T>)"
std::string describe(const pki::Certificate& cert);

}  // namespace uccert::rules::fix
