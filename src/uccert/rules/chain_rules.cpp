// Chain rules: what the server sends (K-08, S-10, S-15): every intermediate, in order, nothing
// unrelated; the root is optional.
#include <array>
#include <string>

#include <fmt/format.h>

#include "uccert/rules/chain_shape.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"
#include "uccert/rules/trust_gap.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::rules {

namespace {

bool has_chain(const RuleContext& ctx) { return !ctx.evidence.chain.empty(); }
bool has_several(const RuleContext& ctx) { return ctx.evidence.chain.size() > 1; }

std::string host_or_placeholder(const RuleContext& ctx) {
  return ctx.evidence.dialled_name.empty() ? std::string("<server FQDN>") : ctx.evidence.dialled_name;
}

// The fix for a chain sent incompletely or out of order, on the kind of server this client talks
// to; the port to look at is the probed one, else the usual one for that server.
std::string send_full_chain(const RuleContext& ctx, const ProfileView& v, const std::string& intermediate) {
  const bool sip = v.profile->server != profiles::ServerKind::kLync;
  const int port = ctx.evidence.endpoint && ctx.evidence.endpoint->port != 0 ? ctx.evidence.endpoint->port
                                                                             : (sip ? 5061 : 443);
  return fix::send_full_chain(fix::destination(ctx.evidence, ctx.trust, v.profile->server, ctx.options.role),
                              *ctx.evidence.chain[0], intermediate, host_or_placeholder(ctx), port);
}

void check_incomplete(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  auto gap = analyse_trust_gap(ctx, v);
  if (gap.kind != GapKind::kIncomplete) return;
  const auto& top = *ctx.evidence.chain[static_cast<std::size_t>(gap.top_index)];
  std::string where = gap.aia_url.empty() ? std::string(" (the certificate names no AIA caIssuers URL)")
                                          : fmt::format(" (AIA caIssuers: {})", gap.aia_url);
  Finding f;
  if (gap.severity == Severity::kWarn) {
    f.message = fmt::format(
        "The server sends {} without its issuer {}; this client fetches it {}, but clients that do not (iPhone and "
        "iPad, Lync Phone Edition) fail",
        short_name(top), gap.missing_name,
        gap.fetched ? fmt::format("from {} (fetched)", gap.aia_url)
                    : fmt::format("from {} (not fetched: unverified)", gap.aia_url));
  } else if (!gap.aia_failure.empty()) {
    f.message = fmt::format("The server sends {} without its issuer {}, and this client cannot fetch it: {}; so it "
                            "cannot build the chain",
                            short_name(top), gap.missing_name, gap.aia_failure);
    f.details["aia_error"] = gap.aia_failure;
  } else {
    f.message = fmt::format("The server sends {} without its issuer {}{}: this client does not fetch missing "
                            "intermediates, so it cannot build the chain",
                            short_name(top), gap.missing_name, where);
  }
  f.fix = send_full_chain(ctx, v, gap.missing ? "the intermediate " + fix::describe(*gap.missing)
                                           : "the intermediate " + gap.missing_name +
                                                 (gap.aia_url.empty() ? std::string()
                                                                      : " (download: " + gap.aia_url + ")"));
  f.cert_index = gap.top_index;
  f.details["missing_issuer"] = gap.missing_name;
  if (!gap.aia_url.empty()) f.details["aia_url"] = gap.aia_url;
  if (gap.missing) f.details["missing_thumbprint"] = gap.missing->sha1_thumbprint;
  e.emit(gap.severity, std::move(f));
}

void check_root_sent(const RuleContext& ctx, const ProfileView& /*v*/, Emitter& e) {
  if (!ctx.shape.root_sent) return;
  const auto i = *ctx.shape.root_sent;
  const auto& root = *ctx.evidence.chain[i];
  Finding f;
  f.message = fmt::format("The server also sends the root {}: clients use their own copy of a root, so it only "
                          "adds bytes to every handshake",
                          fix::describe(root));
  f.fix = "Nothing is required; to trim the handshake, send only the leaf and its intermediates.";
  f.cert_index = static_cast<int>(i);
  e.emit_per_client(std::move(f));
}

void check_order(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  if (ctx.shape.in_order) return;
  std::string sent;
  for (std::size_t i = 0; i < ctx.evidence.chain.size(); ++i)
    sent += fmt::format("{}{}: {}", i == 0 ? "" : ", ", i, short_name(*ctx.evidence.chain[i]));
  Finding f;
  f.message = fmt::format("The certificates are not sent in order (leaf, then the issuer of each): sent {}", sent);
  f.fix = send_full_chain(ctx, v, "the intermediates");
  f.cert_index = -1;
  e.emit_per_client(std::move(f));
}

// Why a presented certificate is not on this client's path, when that is plain from the path: the
// client uses another certificate for the same CA (its own root instead of a cross-signed copy, the
// current intermediate instead of an old one), or the certificate is outside its validity period.
std::string why_unused(const RuleContext& ctx, const ProfileView& v, const pki::Certificate& cert) {
  std::string why;
  const auto at = ctx.options.at;
  if (cert.not_after < at)
    why = fmt::format("it expired on {}", pki::format_time(cert.not_after));
  else if (cert.not_before > at)
    why = fmt::format("it is valid only from {}", pki::format_time(cert.not_before));
  if (v.judgement == nullptr) return why;
  for (const auto& c : v.judgement->path.best.certificates) {
    if (!c || c->subject.canonical != cert.subject.canonical || c->public_key.spki != cert.public_key.spki) continue;
    why += fmt::format("{}the path uses {} for the same CA and key", why.empty() ? "" : "; ", fix::describe(*c));
    break;
  }
  return why;
}

// Every presented certificate this client does not build through is reported here, and only here:
// the rules about a certificate's own properties (time.*, key.*, sig.*) judge the client's path
// (certificates_on_path), so an expired cross-signed root or a stale intermediate copy sent next to
// a valid path is a note. A client that does build through it (its only root is the old one) has
// it on its path, and those rules judge it.
void check_extra(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  for (std::size_t i : ctx.shape.duplicates) {
    Finding f;
    f.message = fmt::format("The server sends {} (certificate {}) twice", short_name(*ctx.evidence.chain[i]), i);
    f.fix = "Remove the duplicate from the chain the server sends (its intermediate store or the PFX).";
    f.cert_index = static_cast<int>(i);
    e.emit_per_client(std::move(f));
  }
  // A hostile file may hold up to 1,000 certificates: the first ones are named, the rest counted.
  constexpr std::size_t kNamedAtMost = 16;
  const auto unused = off_path_certificates(ctx, v);
  std::size_t named = 0;
  for (std::size_t i : unused) {
    if (ctx.shape.root_sent == i) continue;  // chain.root-sent says it
    if (named == kNamedAtMost) {
      Finding f;
      f.message = fmt::format("The server sends {} more certificates that this client's path does not use",
                              unused.size() - named);
      f.fix = "Send only the leaf and its own intermediates.";
      f.cert_index = -1;
      e.emit_per_client(std::move(f));
      break;
    }
    ++named;
    const auto& cert = *ctx.evidence.chain[i];
    const std::string why = why_unused(ctx, v, cert);
    Finding f;
    f.message = fmt::format("The server sends {} (certificate {}), which this client's path does not use{}: remove it",
                            fix::describe(cert), i, why.empty() ? std::string() : " (" + why + ")");
    f.fix = "Remove it from the chain the server sends (its intermediate store or the PFX).";
    f.cert_index = static_cast<int>(i);
    f.details["not_after"] = pki::format_time(cert.not_after);
    e.emit_per_client(std::move(f));
  }
}

// Class of mistake: a PEM saved from a .p7b root first. Windows imports it and sends leaf first,
// so that is how it is judged; a server that sends the file as it is sends a CA certificate as
// its own, and every client fails. Which kind of server will use the file is not known here.
void check_file_order(const RuleContext& ctx, const ProfileView& /*v*/, Emitter& e) {
  if (!ctx.evidence.file_starts_with || *ctx.evidence.file_starts_with >= ctx.evidence.chain.size()) return;
  const auto& first = *ctx.evidence.chain[*ctx.evidence.file_starts_with];
  const auto& leaf = *ctx.evidence.chain.front();
  Finding f;
  f.message = fmt::format(
      "The file starts with {}, not with its leaf {}: it is judged leaf first, as Windows sends it after import "
      "(Import-CsCertificate, the certificate MMC); a server that sends the file as it is (nginx, Kamailio, many "
      "SBCs) would present {} as its own certificate and every client would fail",
      fix::describe(first), fix::describe(leaf), short_name(first));
  f.fix = fmt::format("Save the file leaf first: {}, then its issuing CA, then that CA's issuer (for example "
                      "openssl pkcs7 -print_certs, then reorder; or export the PFX with its chain from Windows).",
                      short_name(leaf));
  f.cert_index = static_cast<int>(*ctx.evidence.file_starts_with);
  f.details["file_starts_with"] = first.sha1_thumbprint;
  e.emit(Severity::kWarn, std::move(f));
}

void check_empty(const RuleContext& ctx, const ProfileView& /*v*/, Emitter& e) {
  if (!ctx.evidence.chain.empty()) return;
  Finding f;
  f.message = "No certificate was presented";
  f.fix = "Assign a certificate to the service (Set-CsCertificate / Enable-ExchangeCertificate) and check again.";
  e.emit(Severity::kFail, std::move(f));
}

// Clients that build paths themselves (Windows, browsers) put up with any order; devices and
// stacks that read the list as sent may not (RFC 5246 7.4.2 requires it).
std::optional<Severity> by_chain_order(const profiles::ClientProfile& p) {
  return p.chain_order == profiles::ChainReading::kAnyOrder ? Severity::kInfo : Severity::kWarn;
}

constexpr std::array<std::string_view, 1> kEmptyProblems{verify::problem::kChainNoLeaf};
// Without the missing intermediate the client reaches no trust anchor.
constexpr std::array<std::string_view, 2> kIncompleteProblems{verify::problem::kChainMissingIssuer,
                                                              verify::problem::kChainNoPath};

// The profile knobs each rule reads (RuleDescriptor::knobs).
constexpr std::string_view kAiaKnob[] = {"aia"};

const Rule kRules[] = {
    {{"chain.empty", "A server presents at least its own certificate", Severity::kFail, "every client", nullptr,
      "G-11", "Assign a certificate to the service.", {kEmptyProblems, ProblemCover::kAlways}},
     nullptr, check_empty},
    {{"chain.incomplete", "Every TLS endpoint sends the leaf and all its intermediates", Severity::kFail,
      "clients that do not fetch missing intermediates (fail); Windows, which fetches them by AIA (warn)", nullptr,
      "K-08; S-10; S-15; seed:IOS; seed:PE-EXCH",
      "Install the intermediates on the server, re-import the full-chain PFX (Import-CsCertificate), "
      "re-assign (Set-CsCertificate) and restart.", {kIncompleteProblems, ProblemCover::kTrustGapOnly}, kAiaKnob},
     has_chain, check_incomplete},
    {{"chain.root-sent", "The root need not be sent: clients use their own copy", Severity::kInfo,
      "every client (information)", nullptr, "K-08; PS-16; seed:IOS",
      "Nothing required; optionally send only the leaf and intermediates.", {}},
     has_several, check_root_sent},
    {{"chain.order", "Certificates are sent leaf first, each followed by its issuer", Severity::kWarn,
      "clients that read the chain as sent (chain_order = as-sent, the default: warn); clients that build the "
      "path from any order (chain_order = any: Windows, browsers: information)",
      by_chain_order, "K-08; PS-16",
      "Re-import the certificate with its chain so the server sends leaf, then intermediates in order.", {}},
     has_several, check_order},
    {{"chain.file-order", "A certificate file holds the leaf first, then each issuer", Severity::kWarn,
      "every client of a server that sends the file as it is (nginx, Kamailio, SBCs); none after a Windows import",
      nullptr, "K-08; PS-16", "Save the file leaf first, each certificate followed by its issuer.", {}},
     has_several, check_file_order},
    {{"chain.extra-certificate", "The chain holds only the certificates the client's path uses", Severity::kInfo,
      "every client that does not build through the certificate (information)", nullptr, "K-08; PS-16",
      "Remove duplicate certificates and those no client's path uses from the chain the server sends.", {}},
     has_several, check_extra},
};

}  // namespace

std::span<const Rule> chain_rules() { return kRules; }

}  // namespace uccert::rules
