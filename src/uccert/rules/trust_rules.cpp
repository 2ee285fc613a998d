// Trust rules: does each client trust the root the chain leads to? Which roots a client trusts
// is profile data (TrustSource); the finding and its fix follow from where the client's roots
// come from: phones (LPE-01/02, PS-07), mobiles (MOB-01/02/06), Direct Routing (DR-01),
// Windows (enterprise roots).
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "uccert/rules/chain_shape.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"
#include "uccert/rules/trust_gap.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::rules {

namespace {

using profiles::TrustSource;

bool has_chain(const RuleContext& ctx) { return !ctx.evidence.chain.empty(); }

enum class TrustFamily { kPhone, kMobile, kPublicOnly, kWindows };

TrustFamily family_of(const profiles::ClientProfile& p) {
  if (p.trusts(TrustSource::kPoolIssuer)) return TrustFamily::kPhone;
  if (p.trusts(TrustSource::kMobileRoots) || p.trusts_with_warning(TrustSource::kMobileRoots))
    return TrustFamily::kMobile;
  if (!p.trust.empty() && std::all_of(p.trust.begin(), p.trust.end(),
                                      [](TrustSource s) { return s == TrustSource::kPublicRoots; }))
    return TrustFamily::kPublicOnly;
  return TrustFamily::kWindows;
}

// The root's short name, or the issuer name the chain stopped at when no root was found.
std::string root_name_text(const TrustGap& gap) { return gap.root ? short_name(*gap.root) : gap.root_name; }

std::string root_label(const TrustGap& gap) {
  return gap.root ? fix::describe(*gap.root) : gap.root_name + " (not found in any root store given)";
}

std::string root_thumbprint(const TrustGap& gap) {
  return gap.root ? gap.root->sha1_thumbprint : "<SHA-1 thumbprint of " + gap.root_name + ", no spaces>";
}

void fill(Finding& f, const TrustGap& gap) {
  f.cert_index = gap.top_index;
  f.details["root"] = gap.root_name;
  if (gap.root) f.details["root_thumbprint"] = gap.root->sha1_thumbprint;
}

// The untrusted-root finding of one family; `self` tells check functions apart.
void check_family(const RuleContext& ctx, const ProfileView& v, Emitter& e, TrustFamily self) {
  auto gap = analyse_trust_gap(ctx, v);
  if (gap.kind != GapKind::kUntrusted || gap.self_signed_leaf) return;
  if (family_of(*v.profile) != self) return;
  Finding f;
  fill(f, gap);
  switch (self) {
    case TrustFamily::kPhone: {
      std::string pool_ca;
      for (const auto& a : v.judgement->anchors)
        if (a.source == "pool-issuer" && a.certificate) {
          pool_ca = short_name(*a.certificate);
          break;
        }
      if (pool_ca.empty())
        pool_ca = v.judgement->pool_issuer_missing.empty()
                      ? std::string("(unknown)")
                      : v.judgement->pool_issuer_missing + ", not found: give it with --pool-cert";
      f.message = fmt::format(
          "The chain leads to {}, which Lync Phone Edition does not trust: phones trust only the CA that issued the "
          "pool certificate ({}) and the CAs in the web services TrustedCACerts (tethered phones: \"Connection to "
          "Microsoft Exchange is unavailable\")",
          root_name_text(gap), pool_ca);
      f.fix = fmt::format("Add the root {} to the web services TrustedCACerts, then reboot the phones:\n{}",
                          root_label(gap), fix::add_trusted_ca(root_thumbprint(gap), true));
      break;
    }
    case TrustFamily::kMobile:
      f.message = fmt::format(
          "The chain leads to {}, which this mobile client does not trust: it trusts its built-in public roots and "
          "roots installed by a configuration profile or MDM, and offers no way to accept anyway (\"Can't verify "
          "the certificate from the server. Please contact your support team.\")",
          root_name_text(gap));
      f.fix = fmt::format(
          "Install the root {} on the devices with full trust: `uccert mobileconfig <root file> --out "
          "roots.mobileconfig` writes a configuration profile with its com.apple.security.root payload; push it with "
          "MDM (Intune, Jamf...) or open it on each device (on iOS 10.3+ then enable the root under Settings > "
          "General > About > Certificate Trust Settings); re-check with --mobile-root <root file>. Or use a "
          "certificate from a public CA for the names mobile clients reach (Edge, reverse proxy).",
          root_label(gap));
      break;
    case TrustFamily::kPublicOnly:
      f.message = fmt::format(
          "The chain leads to {}, which is not in the public root store: this client trusts public roots only "
          "(Teams Direct Routing: a CA in the Microsoft Trusted Root Program, since 1 February 2022)",
          root_name_text(gap));
      f.fix = "Re-issue the certificate from a public CA in the Microsoft Trusted Root Program (for an SBC: its FQDN "
              "in a verified tenant domain) and install it with its intermediates on the server.";
      break;
    case TrustFamily::kWindows:
      f.message = fmt::format(
          "The chain leads to {}, which this client does not trust: Windows trusts the public roots and the "
          "enterprise roots published to domain members (\"There was a problem verifying the certificate from the "
          "server\")",
          root_name_text(gap));
      f.fix = fmt::format(
          "Publish the root {} to domain members: certutil -dspublish -f \"<root>.cer\" RootCA (or a GPO: Public Key "
          "Policies > Trusted Root Certification Authorities); re-check with --enterprise-root <root file>. For "
          "clients outside the domain use a certificate from a public CA.",
          root_label(gap));
      break;
  }
  e.emit(Severity::kFail, std::move(f));
}

void check_phone(const RuleContext& c, const ProfileView& v, Emitter& e) { check_family(c, v, e, TrustFamily::kPhone); }
void check_mobile(const RuleContext& c, const ProfileView& v, Emitter& e) { check_family(c, v, e, TrustFamily::kMobile); }
void check_public(const RuleContext& c, const ProfileView& v, Emitter& e) {
  check_family(c, v, e, TrustFamily::kPublicOnly);
}
void check_windows(const RuleContext& c, const ProfileView& v, Emitter& e) {
  check_family(c, v, e, TrustFamily::kWindows);
}

void check_self_signed(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  auto gap = analyse_trust_gap(ctx, v);
  if (gap.kind != GapKind::kUntrusted || !gap.self_signed_leaf) return;
  const auto& leaf = *ctx.evidence.chain[0];
  Finding f;
  fill(f, gap);
  f.cert_index = 0;
  f.message = fmt::format("The certificate {} is self-signed and this client does not trust it (Exchange's default "
                          "self-signed certificate fails for UM and for every Lync client)",
                          fix::describe(leaf));
  std::vector<std::string> names = leaf.subject_common_names;
  for (const auto& n : fix::explicit_dns_names(leaf)) names.push_back(n);
  // Exchange's default self-signed certificate is the usual culprit: the Lync side lists Exchange
  // among the roles it could have; the UM peer's finding gives the UM commands.
  f.fix = "Replace it with a certificate from the enterprise CA (internal names) or a public CA (external names):\n" +
          fix::reissue_and_assign(fix::destination(ctx.evidence, ctx.trust, v.profile->server, ctx.options.role),
                                  names, {});
  e.emit(Severity::kFail, std::move(f));
}

void check_pool_assumed(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  if (!v.judgement->pool_issuer_assumed) return;
  const auto& leaf = *ctx.evidence.chain[0];
  Finding f;
  f.cert_index = 0;
  if (leaf.self_issued) {
    // No Lync pool runs on a self-signed certificate: the assumption trusts nothing here.
    f.message = fmt::format(
        "No pool certificate was given (--pool-cert) and {} is self-signed: no Lync pool runs on a self-signed "
        "certificate, so it is not taken to be the pool's own and phones trust no issuer from it",
        short_name(leaf));
  } else {
    f.message = fmt::format(
        "No pool certificate was given (--pool-cert): {} is taken to be the Lync pool's own certificate, so phones "
        "trust its issuer {}{}",
        short_name(leaf), leaf.issuer.text,
        v.judgement->pool_issuer_missing.empty() ? std::string() : " (not found among the certificates given)");
  }
  f.fix = "To judge an Exchange, Edge or other certificate for phones, give the pool's certificate with "
          "--pool-cert FILE and any CA added to TrustedCACerts with --trusted-ca-cert FILE.";
  e.emit(Severity::kInfo, std::move(f));
}

// A path that needs a root from a store the client's use of which uc-rules marks uncertain
// (profile trust_warn, e.g. user-installed CAs on Android, AND-NSC).
void check_uncertain(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& best = v.judgement->path.best;
  if (!best.anchor_source || best.certificates.empty()) return;
  const auto& src = *best.anchor_source;
  bool uncertain = false;
  for (auto s : v.profile->trust_warn)
    if (profiles::to_string(s) == src) uncertain = true;
  if (!uncertain) return;
  const auto& root = *best.certificates.back();
  Finding f;
  f.cert_index = index_in(ctx.evidence.chain, root);
  f.message = fmt::format("The chain is trusted only through {} from the {} store, which this client may not use "
                          "(Android apps ignore user-installed CAs unless they opt in)",
                          short_name(root), src);
  f.fix = "Use a certificate from a public CA for the names mobile clients reach (Edge, reverse proxy), so no "
          "installed root is needed.";
  f.details["root"] = root.subject.text;
  f.details["root_thumbprint"] = root.sha1_thumbprint;
  f.details["store"] = src;
  e.emit(Severity::kWarn, std::move(f));
}

// The root sources a client may trust that hold a certificate that is not self-signed. The
// TrustedCACerts of phones are left out: Microsoft documents intermediates there
// (New-CsWebTrustedCACertificate -CAStore IntermediateCA, PS-07); the pool issuer is a chain.
constexpr std::array<TrustSource, 3> kRootSources{TrustSource::kEnterpriseRoots, TrustSource::kPublicRoots,
                                                  TrustSource::kMobileRoots};

const std::vector<pki::CertificatePtr>& certificates_of(const evidence::TrustInputs& trust, TrustSource s) {
  switch (s) {
    case TrustSource::kPublicRoots: return trust.public_roots;
    case TrustSource::kMobileRoots: return trust.mobile_roots;
    default: return trust.enterprise_roots;
  }
}

// Whether some client's path reaches `c` (ctx.judged: the paths the judge found).
bool on_some_path(const RuleContext& ctx, const pki::Certificate& c) {
  if (ctx.judged == nullptr) return true;  // outside the judge: look at everything
  for (const auto& pj : *ctx.judged) {
    if (!pj.on_path) continue;
    for (const auto& [cert, index] : *pj.on_path)
      if (cert && cert->der_sha256 == c.der_sha256) return true;
  }
  return false;
}

// Whether `c`, held in `s`, is a certificate that is not self-signed. A certificate that is not
// even self-issued never is (no signature to check). In the machine's own bundle (the default
// public roots: the distribution's store, not the deployment's) a self-issued root's
// self-signature is checked only where a client's path reaches it: checking all ~144 cost ~45 ms,
// most of a `check`, to say something of a store the administrator does not fill.
bool not_a_root(const RuleContext& ctx, TrustSource s, const pki::Certificate& c) {
  if (!c.self_issued) return true;
  if (s == TrustSource::kPublicRoots && ctx.trust.public_roots_are_system_store && !on_some_path(ctx, c)) return false;
  return !c.self_signed();
}

bool holds_non_root(const RuleContext& ctx) {
  for (auto s : kRootSources)
    for (const auto& c : certificates_of(ctx.trust, s))
      if (c && not_a_root(ctx, s, *c)) return true;
  return false;
}

// G-15: a certificate that is not self-signed given as a root. It stays a trust anchor, as Windows
// CryptoAPI takes any certificate in Trusted Root as one (docs/findings.md), so paths are judged as
// Windows would; but Lync / Skype for Business servers whose Trusted Root holds one fail MTLS, and
// any other client given the true root would build a longer path.
void check_non_root(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  for (auto s : kRootSources) {
    if (!v.profile->trusts(s) && !v.profile->trusts_with_warning(s)) continue;
    for (const auto& c : certificates_of(ctx.trust, s)) {
      if (!c || !not_a_root(ctx, s, *c)) continue;
      const std::string store(profiles::to_string(s));
      Finding f;
      f.cert_index = index_in(ctx.evidence.chain, *c);
      const std::string what = c->is_ca() ? "an intermediate CA" : "not a CA certificate at all";
      if (s == TrustSource::kMobileRoots) {
        f.message = fmt::format(
            "{}, given as a root installed on the devices (--mobile-root), is not self-signed: it is {} issued by {}; "
            "it is judged as a trust anchor, but a configuration profile installs only roots with full trust",
            fix::describe(*c), what, c->issuer.text);
        f.fix = fmt::format(
            "Install the self-signed root that issued it ({}) on the devices (`uccert mobileconfig <root file> --out "
            "roots.mobileconfig` writes its com.apple.security.root profile; then full trust under Certificate Trust "
            "Settings) and have the server send {} as an intermediate; check again with that root as --mobile-root.",
            c->issuer.text, short_name(*c));
      } else {
        f.message = fmt::format(
            "{}, given as a root ({}), is not self-signed: it is {} issued by {}. It is judged as a trust anchor, as "
            "Windows takes any certificate in Trusted Root Certification Authorities; but Lync / Skype for Business "
            "servers whose Trusted Root store holds a certificate that is not self-signed fail MTLS and sign-in "
            "(Windows Server 2012 and later)",
            fix::describe(*c), store, what, c->issuer.text);
        f.fix = fix::move_out_of_root_store(*c);
      }
      f.details["store"] = store;
      f.details["thumbprint"] = c->sha1_thumbprint;
      f.details["issuer"] = c->issuer.text;
      e.emit(Severity::kWarn, std::move(f));
    }
  }
}

// The client reaches no trust anchor: the path ends in a root it does not trust, or nothing issued
// its top certificate.
constexpr std::array<std::string_view, 2> kNoAnchorProblems{verify::problem::kChainUntrustedRoot,
                                                            verify::problem::kChainMissingIssuer};
constexpr std::array<std::string_view, 1> kSelfSignedProblems{verify::problem::kChainUntrustedRoot};
constexpr ExplainedProblems kNoAnchor{kNoAnchorProblems, ProblemCover::kTrustGapOnly};

const Rule kRules[] = {
    {{"trust.phone-ca-not-trusted",
      "Lync Phone Edition trusts only the pool certificate's issuer and the web services TrustedCACerts",
      Severity::kFail, "Lync Phone Edition (all firmware)", nullptr,
      "LPE-01; LPE-02; PS-07; S-14; seed:PE-EXCH",
      "$ca = New-CsWebTrustedCACertificate -Thumbprint <root thumbprint> -CAStore TrustedRootCA; "
      "Set-CsWebServiceConfiguration -TrustedCACerts @{Add=$ca}; reboot the phones.", kNoAnchor},
     has_chain, check_phone},
    {{"trust.mobile-root-missing",
      "Mobile clients trust only their built-in public roots and roots installed by profile or MDM",
      Severity::kFail, "iPhone/iPad and Android clients", nullptr, "MOB-01; MOB-02; MOB-06; S-09; seed:IOS",
      "Install the root with full trust: uccert mobileconfig ROOT --out FILE writes the com.apple.security.root "
      "profile (MDM or by hand, then Certificate Trust Settings); or use a public CA.",
      kNoAnchor},
     has_chain, check_mobile},
    {{"trust.not-public-root", "Clients that trust only public roots need a certificate from a public CA",
      Severity::kFail, "Teams Direct Routing and other clients trusting only the public store", nullptr,
      "DR-01; G-18; FED-01", "Re-issue from a public CA in the Microsoft Trusted Root Program.", kNoAnchor},
     has_chain, check_public},
    {{"trust.untrusted-root", "The chain must lead to a root the client trusts", Severity::kFail,
      "Windows clients and servers (public and enterprise roots)", nullptr, "G-11; MOB-01; E-14",
      "Publish the enterprise root to domain members (certutil -dspublish / GPO) or use a public CA.", kNoAnchor},
     has_chain, check_windows},
    {{"trust.self-signed", "A self-signed server certificate is trusted by no UC client", Severity::kFail,
      "every client that has not been given the certificate itself as a root", nullptr, "UM-01; G-11",
      "Replace it with a CA-issued certificate (Request-CsCertificate / New-ExchangeCertificate).",
      {kSelfSignedProblems, ProblemCover::kTrustGapOnly}},
     has_chain, check_self_signed},
    {{"trust.uncertain-store", "A root from a store the client may not use is only a warning", Severity::kWarn,
      "clients with a trust_warn store (Android and user-installed CAs)", nullptr, "MOB-03; MOB-01",
      "Use a public CA for names mobile clients reach.", {}},
     has_chain, check_uncertain},
    {{"trust.pool-issuer-assumed", "Without --pool-cert the target is taken to be the pool certificate",
      Severity::kInfo, "Lync Phone Edition (information)", nullptr, "LPE-01",
      "Give --pool-cert and --trusted-ca-cert to judge other certificates for phones.", {}},
     has_chain, check_pool_assumed},
    {{"trust.non-root-in-root-store", "A root store holds only self-signed root certificates", Severity::kWarn,
      "clients trusting the store that holds it (--enterprise-root, --public-roots, --mobile-root; not TrustedCACerts, "
      "which may hold intermediates)",
      nullptr, "G-15; PS-12",
      "Move the certificate from Trusted Root Certification Authorities to Intermediate Certification Authorities "
      "(Move-Item Cert:\\LocalMachine\\Root\\<thumbprint> -Destination Cert:\\LocalMachine\\CA, or "
      "certutil -addstore CA and certutil -delstore Root); give its self-signed root as the root.", {}},
     holds_non_root, check_non_root},
};

}  // namespace

std::span<const Rule> trust_rules() { return kRules; }

}  // namespace uccert::rules
