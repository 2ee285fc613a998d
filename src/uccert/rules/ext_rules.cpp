// Extensions UC deployments rely on: a CRL distribution point on every server certificate
// (G-02, K-07), normally an HTTP URL that Edge (TCP 80) and clients can fetch (G-03); and the
// keyUsage of a TLS server leaf (RP-06, DR-06): digitalSignature for every handshake that signs
// with the key, never keyCertSign on a certificate that is not a CA.
#include <array>
#include <string>

#include <fmt/format.h>

#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::rules {

namespace {

bool has_chain(const RuleContext& ctx) { return !ctx.evidence.chain.empty(); }

void check_cdp(const RuleContext& ctx, const ProfileView& /*v*/, Emitter& e) {
  const auto& leaf = *ctx.evidence.chain[0];
  if (leaf.self_signed() || !leaf.crl_distribution_points.empty()) return;
  Finding f;
  f.message = fmt::format("The certificate {} has no CRL distribution point, so clients and servers cannot check "
                          "whether it was revoked",
                          fix::describe(leaf));
  f.fix = "Add an HTTP CRL distribution point to the issuing CA's extensions (CA properties > Extensions, or certutil "
          "-setreg CA\\CRLPublicationURLs ...; restart certsvc), publish the CRL where Edge (outbound TCP 80) and "
          "clients reach it, then re-issue and re-assign the certificate (Request-CsCertificate, Set-CsCertificate).";
  f.cert_index = 0;
  e.emit_per_client(std::move(f));
}

std::optional<Severity> by_cdp_expected(const profiles::ClientProfile& p) {
  return p.cdp_expected ? Severity::kWarn : Severity::kInfo;
}

// The leaf's problem `id` on this client's path, when path validation recorded one.
const verify::Problem* leaf_problem(const ProfileView& v, std::string_view id) {
  for (const auto& p : v.judgement->path.best.problems)
    if (p.id == id && p.cert_index == 0) return &p;
  return nullptr;
}

std::string key_usage_text(const pki::Certificate& c) {
  std::string out;
  for (const auto& n : c.key_usage.names()) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? std::string("no usage") : out;
}

std::string reissue_for_tls(const RuleContext& ctx, const ProfileView& v) {
  return "Re-issue the certificate from a Web Server template whose key usage is Digital Signature and Key "
         "Encipherment (and nothing a CA uses: no Certificate Signing, no CRL Signing):\n" +
         fix::reissue_leaf(ctx.evidence, ctx.trust, v.profile->server, {}, ctx.options.role);
}

// The severity is the path's: fatal for a client that signs the handshake with the key (TLS 1.3,
// ECDHE; profile tls_key_usage = "signature"), a note for one that may still negotiate TLS
// 1.0-1.2 RSA key exchange, where an RSA leaf needs keyEncipherment only ("rsa-key-exchange").
void check_digital_signature(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto* problem = leaf_problem(v, verify::problem::kExtKeyUsageNoDigitalSignature);
  if (problem == nullptr) return;
  const auto& leaf = *ctx.evidence.chain[0];
  Finding f;
  if (problem->fatal) {
    const bool rsa_with_encipherment = leaf.public_key.algorithm == "RSA" &&
                                       leaf.key_usage.has(pki::KeyUsageBit::kKeyEncipherment);
    f.message = fmt::format(
        "The certificate {} has keyUsage {} without digitalSignature: TLS 1.3 and every ECDHE suite sign the "
        "handshake with the server's key, so this client refuses it{}",
        fix::describe(leaf), key_usage_text(leaf),
        rsa_with_encipherment
            ? " (it does not fall back to TLS 1.0-1.2 RSA key exchange, the only use keyEncipherment allows; "
              "Chrome refuses such an RSA certificate outright)"
            : " (and without keyEncipherment on an RSA key no TLS version can use it)");
  } else {
    f.message = fmt::format(
        "The certificate {} has keyUsage {} without digitalSignature: this client connects only while the server "
        "chooses a TLS 1.0-1.2 RSA key exchange suite (TLS_RSA_*), which encrypts to the key; TLS 1.3, every ECDHE "
        "suite (Teams Direct Routing, iOS) and Chrome refuse the certificate",
        fix::describe(leaf), key_usage_text(leaf));
  }
  f.fix = reissue_for_tls(ctx, v);
  f.cert_index = 0;
  f.details["key_usage"] = key_usage_text(leaf);
  e.emit(problem->fatal ? Severity::kFail : Severity::kWarn, std::move(f));
}

// keyCertSign on a leaf that is not a CA breaks RFC 5280 4.2.1.9 and CA/B BR 7.1.2.7.11; Chrome
// refuses a target that "looks like a CA but does not set all CA properties" (tls_key_usage =
// "signature": fail, as path validation under that knob), the Windows chain engine accepts it
// ("rsa-key-exchange": a warning).
std::optional<Severity> by_tls_key_usage(const profiles::ClientProfile& p) {
  return p.tls_key_usage == verify::TlsKeyUsage::kSignature ? Severity::kFail : Severity::kWarn;
}

void check_cert_sign_on_leaf(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& leaf = *ctx.evidence.chain[0];
  if (!leaf.key_usage.present || !leaf.key_usage.has(pki::KeyUsageBit::kKeyCertSign) || leaf.is_ca()) return;
  const bool fatal = e.client_severity() == Severity::kFail;
  Finding f;
  f.message = fmt::format(
      "The certificate {} is not a CA but its keyUsage ({}) includes keyCertSign, which the CA/Browser Forum "
      "baseline requirements forbid in a server certificate; {}",
      fix::describe(leaf), key_usage_text(leaf),
      fatal ? "this client refuses a certificate that looks like a CA without being one (as Chrome does)"
            : "this client's Windows chain engine accepts it, browsers refuse it");
  f.fix = reissue_for_tls(ctx, v);
  f.cert_index = 0;
  f.details["key_usage"] = key_usage_text(leaf);
  e.emit_per_client(std::move(f));
}

// Path validation records both on the leaf (verify::Options::tls_key_usage); keyCertSign without
// cA on any other certificate is left to path.<problem id>.
constexpr std::array<std::string_view, 1> kDigitalSignatureProblems{verify::problem::kExtKeyUsageNoDigitalSignature};
constexpr std::array<std::string_view, 1> kCertSignOnLeafProblems{verify::problem::kExtKeyCertSignWithoutCa};

// The profile knobs each rule reads (RuleDescriptor::knobs).
constexpr std::string_view kTlsKeyUsageKnob[] = {"tls_key_usage"};

const Rule kRules[] = {
    {{"ext.no-crl-distribution-point", "Every UC server certificate has at least one CRL distribution point",
      Severity::kWarn,
      "clients whose profile says cdp_expected: Lync, Skype for Business and OCS clients and servers (warn); "
      "others (information)",
      by_cdp_expected, "G-02; K-07; G-03",
      "Add an HTTP CDP to the CA's extensions, publish the CRL, re-issue the certificate.", {}},
     has_chain, check_cdp},
    {{"ext.key-usage-no-digital-signature",
      "A TLS server certificate's key usage includes Digital Signature (TLS 1.3 and ECDHE sign with the key)",
      Severity::kFail,
      "clients that sign the handshake (tls_key_usage = \"signature\": browsers, mobiles, Direct Routing) fail; "
      "clients that may still use TLS 1.0-1.2 RSA key exchange warn when keyEncipherment is there",
      nullptr, "RP-06; DR-06; G-01",
      "Re-issue with key usage Digital Signature + Key Encipherment (the Web Server template).",
      {kDigitalSignatureProblems, ProblemCover::kAlways}, kTlsKeyUsageKnob},
     has_chain, check_digital_signature},
    {{"ext.key-usage-cert-sign-on-leaf", "A server certificate that is not a CA never has keyCertSign",
      Severity::kFail,
      "clients with tls_key_usage = \"signature\" (browsers, mobiles, Direct Routing) fail; the rest warn",
      by_tls_key_usage, "RP-06; G-01",
      "Re-issue with key usage Digital Signature + Key Encipherment (the Web Server template).",
      {kCertSignOnLeafProblems, ProblemCover::kLeafOnly}, kTlsKeyUsageKnob},
     has_chain, check_cert_sign_on_leaf},
};

}  // namespace

std::span<const Rule> ext_rules() { return kRules; }

}  // namespace uccert::rules
