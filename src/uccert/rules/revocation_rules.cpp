// Revocation rules: every certificate a client builds through can be checked for revocation
// (G-02, G-03, K-07): its status from the CRLs and OCSP responses at hand (verify/revocation.h),
// whether its CRL distribution points are reachable the way clients reach them (http, a name
// they resolve, no redirect to https, a size phones handle), and the OCSP response a server
// staples. A revoked certificate fails for every client; what an unknown status does to a client
// is its profile's revocation_unknown.
#include <algorithm>
#include <array>
#include <functional>
#include <string>

#include <fmt/format.h>

#include "uccert/pki/time.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::rules {

namespace {

using evidence::FetchOutcome;
using evidence::UrlFetch;
using verify::RevocationState;

bool has_chain(const RuleContext& ctx) { return !ctx.evidence.chain.empty(); }

bool fetched_anything(const RuleContext& ctx) { return ctx.evidence.fetch_mode != evidence::FetchMode::kNone; }

int presented_index(const RuleContext& ctx, const pki::Certificate& c) {
  for (std::size_t i = 0; i < ctx.evidence.chain.size(); ++i)
    if (ctx.evidence.chain[i] && ctx.evidence.chain[i]->der_sha256 == c.der_sha256) return static_cast<int>(i);
  return -1;
}

bool is_http(const std::string& url) { return url.starts_with("http://") || url.starts_with("https://"); }

// The run's fetches of this certificate's CDP and OCSP URLs, in the order made.
std::vector<const UrlFetch*> fetches_for(const RuleContext& ctx, const pki::Certificate& c) {
  std::vector<const UrlFetch*> out;
  for (const auto& f : ctx.evidence.fetches) {
    const auto& cdps = c.crl_distribution_points;
    const auto& ocsp = c.authority_info_access.ocsp;
    const bool mine = (f.purpose == "crl" && std::find(cdps.begin(), cdps.end(), f.url) != cdps.end()) ||
                      (f.purpose == "ocsp" && std::find(ocsp.begin(), ocsp.end(), f.url) != ocsp.end());
    if (mine) out.push_back(&f);
  }
  return out;
}

std::string revocation_fix(const RuleContext& ctx, const ProfileView& v, int index) {
  if (index == 0) {
    return "Request a new certificate (Request-CsCertificate, or from the CA), import and assign it "
           "(Import-CsCertificate, Set-CsCertificate), and restart the services:\n" +
           fix::reissue_leaf(ctx.evidence, ctx.trust, v.profile->server);
  }
  return "The CA revoked this CA certificate: obtain the CA's current intermediate, install it on every server of "
         "the pool, and re-issue the server certificate under it.";
}

// Each certificate of this client's best path below its last one (the anchor, or the top when
// none was reached), with its revocation status: not-checked when no CRL or OCSP response was at
// hand at all (verify computes none then).
template <class F>
void for_each_status(const ProfileView& v, F&& f) {
  const auto& best = v.judgement->path.best;
  static const verify::RevocationStatus kNotChecked{};
  for (std::size_t i = 0; i + 1 < best.certificates.size(); ++i) {
    if (best.certificates[i]) f(*best.certificates[i], i < best.revocation.size() ? best.revocation[i] : kNotChecked);
  }
}

void check_revoked(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  for_each_status(v, [&](const pki::Certificate& c, const verify::RevocationStatus& s) {
    if (s.state != RevocationState::kRevoked) return;
    const int index = presented_index(ctx, c);
    Finding f;
    f.message = fmt::format("The certificate {} was revoked on {}{}, according to its issuer's {}: every client "
                            "refuses it",
                            fix::describe(c), pki::format_time(s.revoked_at),
                            s.reason.empty() ? std::string() : " (reason: " + s.reason + ")",
                            s.source == "OCSP" ? "OCSP responder" : "CRL");
    f.fix = revocation_fix(ctx, v, index);
    f.cert_index = index;
    f.details["revoked_at"] = pki::format_time(s.revoked_at);
    if (!s.reason.empty()) f.details["reason"] = s.reason;
    f.details["source"] = s.source;
    e.emit(Severity::kFail, std::move(f));
  });
}

std::optional<Severity> by_revocation_unknown(const profiles::ClientProfile& p) {
  switch (p.revocation_unknown) {
    case profiles::RevocationUnknown::kFail: return Severity::kFail;
    case profiles::RevocationUnknown::kWarn: return Severity::kWarn;
    case profiles::RevocationUnknown::kIgnore: return Severity::kInfo;
  }
  return Severity::kInfo;
}

// Why no status could be had for a certificate: the data at hand was unusable, or a fetch of
// its CDP or responder failed. Nothing tried (no URL, --offline, a private address not fetched)
// is no finding: the report's fetches say "not fetched: unverified", and a leaf without a CDP is
// ext.no-crl-distribution-point.
std::optional<std::string> unknown_reason(const RuleContext& ctx, const pki::Certificate& c,
                                          const verify::RevocationStatus& s) {
  if (s.state == RevocationState::kUnknown) return s.why;
  if (s.state != RevocationState::kNotChecked) return std::nullopt;
  for (const auto* f : fetches_for(ctx, c))
    if (f->outcome == FetchOutcome::kFailed) {
      return fmt::format("the {} cannot be used: {}",
                         f->purpose == "crl" ? "CRL distribution point" : "OCSP responder", f->detail);
    }
  return std::nullopt;
}

void check_unknown(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  for_each_status(v, [&](const pki::Certificate& c, const verify::RevocationStatus& s) {
    auto why = unknown_reason(ctx, c, s);
    if (!why) return;
    const int index = presented_index(ctx, c);
    Finding f;
    f.message = fmt::format("The revocation status of {} is unknown: {}", fix::describe(c), *why);
    f.fix = "Publish a current CRL at every http CDP the certificates name, where clients and Edge (outbound TCP 80) "
            "reach it, signed by the issuing CA and renewed before its nextUpdate; check with certutil -URL or "
            "uccert check again.";
    f.cert_index = index;
    f.details["why"] = *why;
    e.emit_per_client(std::move(f));
  });
}

std::optional<Severity> by_cdp_expected(const profiles::ClientProfile& p) {
  return p.cdp_expected ? Severity::kWarn : Severity::kInfo;
}

// Every certificate of the path below its anchor (the anchor's revocation is not asked).
std::vector<std::pair<pki::CertificatePtr, int>> checked_certificates(const RuleContext& ctx, const ProfileView& v) {
  auto all = certificates_on_path(ctx, v);
  std::vector<std::pair<pki::CertificatePtr, int>> out;
  for (auto& [c, i] : all)
    if (c && !c->self_issued) out.emplace_back(c, i);
  return out;
}

void check_ldap_only(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  for (const auto& [c, index] : checked_certificates(ctx, v)) {
    const auto& cdps = c->crl_distribution_points;
    if (cdps.empty() || std::any_of(cdps.begin(), cdps.end(), is_http)) continue;
    if (!std::any_of(cdps.begin(), cdps.end(), [](const std::string& u) { return u.starts_with("ldap://"); }))
      continue;
    Finding f;
    f.message = fmt::format("The CRL distribution points of {} are LDAP only ({}): external clients, phones and the "
                            "Edge server cannot reach Active Directory over LDAP, so they cannot check revocation",
                            fix::describe(*c), cdps.front());
    f.fix = "Add an http:// CRL distribution point to the CA (CA properties > Extensions, before the LDAP one), "
            "publish the CRL there, and re-issue the certificate.";
    f.cert_index = index;
    f.details["cdp"] = cdps.front();
    e.emit_per_client(std::move(f));
  }
}

void for_each_fetch_of_path(const RuleContext& ctx, const ProfileView& v,
                            const std::function<void(const pki::Certificate&, int, const UrlFetch&)>& fn) {
  for (const auto& [c, index] : checked_certificates(ctx, v))
    for (const auto* f : fetches_for(ctx, *c)) fn(*c, index, *f);
}

void check_unresolvable(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  for_each_fetch_of_path(ctx, v, [&](const pki::Certificate& c, int index, const UrlFetch& fetch) {
    if (!fetch.unresolvable) return;
    Finding f;
    f.message = fmt::format("The {} {} of {} names a host that does not resolve ({}): clients cannot reach it "
                            "either",
                            fetch.purpose == "crl" ? "CRL distribution point" : "OCSP responder", fetch.url,
                            fix::describe(c), fetch.detail);
    f.fix = "Publish the CDP host name in the DNS zone clients use (external DNS for remote users and Edge), or "
            "add a CDP on a name they resolve and re-issue the certificate.";
    f.cert_index = index;
    f.details["url"] = fetch.url;
    e.emit_per_client(std::move(f));
  });
}

void check_redirect_to_https(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  for_each_fetch_of_path(ctx, v, [&](const pki::Certificate& c, int index, const UrlFetch& fetch) {
    if (!fetch.redirected_to_https) return;
    Finding f;
    f.message = fmt::format("The {} {} of {} redirects to https: Windows and phones do not follow a redirect to "
                            "https when they fetch revocation data",
                            fetch.purpose == "crl" ? "CRL distribution point" : "OCSP responder", fetch.url,
                            fix::describe(c));
    f.fix = "Serve the CRL and OCSP over plain http at the URL the certificate names (exempt that path from the web "
            "server's http-to-https redirect); CRLs and OCSP responses are signed and need no TLS.";
    f.cert_index = index;
    f.details["url"] = fetch.url;
    e.emit_per_client(std::move(f));
  });
}

std::optional<Severity> by_max_crl(const profiles::ClientProfile& p) {
  if (!p.max_crl_kib) return std::nullopt;
  return Severity::kWarn;
}

void check_crl_size(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  if (!v.profile->max_crl_kib) return;
  const std::size_t limit = static_cast<std::size_t>(*v.profile->max_crl_kib) * 1024U;
  for_each_fetch_of_path(ctx, v, [&](const pki::Certificate& c, int index, const UrlFetch& fetch) {
    if (fetch.purpose != "crl" || fetch.outcome != FetchOutcome::kFetched || fetch.bytes <= limit) return;
    Finding f;
    f.message = fmt::format("The CRL at {} for {} is {} KiB, more than the {} KiB this client is taken to handle "
                            "(a conservative reading: no source gives the limit)",
                            fetch.url, fix::describe(c), (fetch.bytes + 1023) / 1024, *v.profile->max_crl_kib);
    f.fix = "Keep the CA's CRL small: publish delta CRLs, shorten the lifetime of revoked entries (remove expired "
            "certificates from the CRL), or use a separate issuing CA for UC servers.";
    f.cert_index = index;
    f.details["url"] = fetch.url;
    f.details["bytes"] = std::to_string(fetch.bytes);
    e.emit_per_client(std::move(f));
  });
}

bool has_endpoint(const RuleContext& ctx) { return has_chain(ctx) && ctx.evidence.endpoint.has_value(); }

// RFC 7633: the TLS feature extension with status_request (5).
bool must_staple(const pki::Certificate& leaf) {
  const auto* ext = leaf.find_extension("1.3.6.1.5.5.7.1.24");
  if (ext == nullptr) return false;
  // SEQUENCE { INTEGER 5 }: 30 03 02 01 05, possibly among other features.
  const auto& d = ext->value;
  for (std::size_t i = 0; i + 2 < d.size(); ++i)
    if (d[i] == 0x02 && d[i + 1] == 0x01 && d[i + 2] == 0x05) return true;
  return false;
}

void check_staple(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& ep = *ctx.evidence.endpoint;
  const auto& leaf = *ctx.evidence.chain[0];
  if (!ep.ocsp_stapled) {
    if (!must_staple(leaf)) return;
    Finding f;
    f.message = fmt::format("The certificate {} demands a stapled OCSP response (TLS feature status_request, "
                            "\"must-staple\"), but {} sent none: clients that honour must-staple (Firefox) refuse it",
                            fix::describe(leaf), ctx.evidence.target);
    f.fix = "Turn on OCSP stapling on the server (IIS and Windows staple by default when they reach the responder), "
            "or re-issue without the must-staple extension.";
    f.cert_index = 0;
    e.emit(Severity::kWarn, std::move(f));
    return;
  }
  const auto& best = v.judgement->path.best;
  std::string problem;
  auto staple = pki::OcspResponse::from_der(ep.ocsp_staple);
  if (ep.ocsp_staple.empty()) {
    problem = "it is too large to keep";
  } else if (!staple) {
    problem = "it cannot be read: " + staple.error().message;
  } else if (!(*staple)->successful()) {
    problem = "the responder's answer is " + (*staple)->response_status;
  } else if (best.certificates.size() < 2 || !best.certificates[1]) {
    return;  // without the leaf's issuer nothing can be checked (the path rules say why)
  } else {
    const auto& issuer = *best.certificates[1];
    auto single = (*staple)->status_for(leaf, issuer);
    if (!single) {
      problem = "it is not about this certificate";
    } else if (auto sig = (*staple)->verify_signature(issuer, ctx.options.at); !sig.valid) {
      problem = sig.error;
    } else if (!pki::ocsp_fresh(*single, ctx.options.at)) {
      problem = fmt::format("it is not current (thisUpdate {}{})", pki::format_time(single->this_update),
                            single->next_update ? ", nextUpdate " + pki::format_time(*single->next_update)
                                                : std::string());
    }
  }
  if (problem.empty()) return;
  Finding f;
  f.message = fmt::format("The OCSP response {} staples for {} is not valid: {}; clients ignore it and ask the "
                          "responder themselves, or refuse the certificate when it demands a staple",
                          ctx.evidence.target, fix::describe(leaf), problem);
  f.fix = "Let the server fetch a fresh response from the CA's responder (check its outbound http access to the "
          "OCSP URL) and restart it so the stale one is dropped.";
  f.cert_index = 0;
  f.details["why"] = problem;
  e.emit(Severity::kWarn, std::move(f));
}

constexpr std::array<std::string_view, 1> kRevokedProblems{verify::problem::kCrlRevoked};
constexpr std::string_view kRevocationKnob[] = {"revocation_unknown"};
constexpr std::string_view kCrlSizeKnob[] = {"max_crl_kib"};

const Rule kRules[] = {
    {{"revocation.revoked", "No certificate a client builds through is revoked", Severity::kFail, "every client",
      nullptr, "G-02; G-03; K-07",
      "Replace the revoked certificate: request and assign a new one (or install the CA's current intermediate).",
      {kRevokedProblems, ProblemCover::kAlways}},
     has_chain, check_revoked},
    {{"revocation.unknown", "Clients can establish the revocation status of every certificate", Severity::kFail,
      "clients that refuse a server whose revocation they cannot check (revocation_unknown = \"fail\": Windows "
      "clients and servers, phones); others warn or note it",
      by_revocation_unknown, "G-02; G-03; K-07",
      "Publish a current, correctly signed CRL at an http CDP clients reach (Edge: outbound TCP 80).", {},
      kRevocationKnob},
     fetched_anything, check_unknown},
    {{"revocation.cdp-ldap-only", "A CRL distribution point clients outside the domain can reach (http, not only LDAP)",
      Severity::kWarn, "clients whose profile says cdp_expected (warn); others (information)", by_cdp_expected,
      "K-07; G-03",
      "Add an http CDP to the CA and re-issue the certificate.", {}},
     has_chain, check_ldap_only},
    {{"revocation.cdp-unresolvable", "CRL distribution point and OCSP hosts resolve in DNS", Severity::kWarn,
      "clients whose profile says cdp_expected (warn); others (information)", by_cdp_expected, "G-03; K-07",
      "Publish the CDP host in the DNS clients use.", {}},
     fetched_anything, check_unresolvable},
    {{"revocation.cdp-redirects-to-https", "CRL and OCSP URLs answer over http without a redirect to https",
      Severity::kWarn, "clients whose profile says cdp_expected (warn); others (information)", by_cdp_expected,
      "K-07; G-03", "Serve revocation data over plain http at the URL the certificate names.", {}},
     fetched_anything, check_redirect_to_https},
    {{"revocation.crl-too-large", "A CRL small enough for the phones that fetch it", Severity::kWarn,
      "clients with a max_crl_kib in their profile (Lync Phone Edition: a conservative 1 MiB)", by_max_crl,
      "G-02; K-07", "Shrink the CRL (delta CRLs, a dedicated issuing CA).", {}, kCrlSizeKnob},
     fetched_anything, check_crl_size},
    {{"revocation.staple", "A stapled OCSP response is for the leaf, signed and current; must-staple gets one",
      Severity::kWarn, "every client (warn)", nullptr, "G-02",
      "Let the server staple a fresh response from the CA's responder.", {}},
     has_endpoint, check_staple},
};

}  // namespace

std::span<const Rule> revocation_rules() { return kRules; }

}  // namespace uccert::rules
