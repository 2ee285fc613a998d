// Building blocks of fix text: the exact PowerShell a Lync / Skype for Business / Exchange
// administrator runs, with the real names and thumbprints filled in (uc-rules §6, PS-01..PS-16).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/evidence/evidence.h"
#include "uccert/profiles/client_profile.h"

namespace uccert::rules::fix {

// Names in fix commands are quoted for PowerShell inside (fix_text.cpp, ps_quoted): a certificate's
// names are chosen by whoever made it.

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

// Requesting a certificate for `names` (the first is its subject) and putting the new one to use
// on `server`, one command a line: Request-CsCertificate, Set-CsCertificate (PS-01, PS-02) on a
// Lync / Skype for Business server; New-ExchangeCertificate for the first name only (Lync reads
// nothing else of a UM certificate, UM-02), then UMStartupMode and Enable-ExchangeCertificate
// (UM-05, PS-08) on Exchange UM; the SBC's own certificate pages for an SBC. `request_options`
// (" -KeySize 2048") is added to the request command.
std::string reissue_and_assign(profiles::ServerKind server, const std::vector<std::string>& names,
                               const pki::Certificate* issuer_hint, std::string_view request_options = {});

// reissue_and_assign for the leaf of `evidence` under its own names (the CN, then the SAN's DNS
// names), with the certificate sent after it as the CA hint.
std::string reissue_leaf(const evidence::Evidence& evidence, profiles::ServerKind server,
                         std::string_view request_options = {});

// Making `server` send its leaf with `intermediate` (a description), then looking at what it
// sends on `port`.
std::string send_full_chain(profiles::ServerKind server, const pki::Certificate& leaf, std::string_view intermediate,
                            std::string_view host, int port);

// "<CN> (SHA-1 thumbprint <T>)"
std::string describe(const pki::Certificate& cert);

}  // namespace uccert::rules::fix
