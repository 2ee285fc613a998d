// Key and signature rules: key algorithms (G-06, G-07, DR-06), RSA sizes (G-05, G-07, K-06),
// RSASSA-PSS (G-04), MD5 (G-17), SHA-1 (G-04, G-08) and SHA-2 for old phone firmware (K-03).
// Limits are profile data (key_algorithms, min_rsa_bits, warn_rsa_bits, max_rsa_bits, pss,
// algorithms), read through the same predicates path validation uses, so a finding fails exactly
// when the client's path is invalid for it.
#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

#include "uccert/rules/chain_shape.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::rules {

namespace {

bool has_chain(const RuleContext& ctx) { return !ctx.evidence.chain.empty(); }

bool is_rsa(const pki::PublicKeyInfo& k) { return k.algorithm == "RSA" || k.algorithm == "RSASSA-PSS"; }

std::string reissue(const RuleContext& ctx, const ProfileView& v, const pki::Certificate& c, int idx,
                    std::string_view extra, std::string_view ca_advice) {
  if (idx == 0)
    return "Re-issue the certificate:\n" +
           fix::reissue_leaf(ctx.evidence, ctx.trust, v.profile->server, extra, ctx.options.role);
  return fmt::format("The CA certificate {} itself must be replaced: {}", fix::describe(c), ca_advice);
}

// G-06, G-07, DR-06: the key kinds a client's TLS stack takes are profile data (key_algorithms).
// Roots count too: the root's key verifies the signature on the next certificate.
void check_key_algorithm(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& p = *v.profile;
  for (const auto& [cert, idx] : certificates_on_path(ctx, v)) {
    const auto kind = verify::key_algorithm_of(cert->public_key);
    if (kind && std::find(p.key_algorithms.begin(), p.key_algorithms.end(), *kind) != p.key_algorithms.end())
      continue;
    const auto& key = cert->public_key;
    const std::string what = key.algorithm == "EC" ? "EC " + key.curve : key.algorithm;
    std::string accepted;
    for (auto a : p.key_algorithms) accepted += (accepted.empty() ? "" : ", ") + std::string(profiles::to_string(a));
    Finding f;
    f.message = fmt::format("{} has a {} key; this client accepts only {} keys", fix::describe(*cert), what, accepted);
    if (p.key_algorithms_uncertain) {
      f.message += " (Microsoft does not document which key algorithms this client accepts; the stricter reading "
                   "was taken)";
      f.uncertain = true;
    }
    f.fix = reissue(ctx, v, *cert, idx, " -KeySize 2048",
                    "use a CA whose key is RSA (2048 bits or more) for certificates these clients validate.") +
            (idx == 0 ? "\n(An RSA key of 2048 bits is accepted by every UC client.)" : "");
    f.cert_index = idx;
    f.details["algorithm"] = what;
    e.emit(Severity::kFail, std::move(f));
  }
}

// Severity follows the client's min_rsa_bits on every certificate, roots included: path
// validation refuses the same keys (verify::Options::min_rsa_bits).
void check_rsa_small(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& p = *v.profile;
  for (const auto& [cert, idx] : certificates_on_path(ctx, v)) {
    if (!is_rsa(cert->public_key) || cert->public_key.bits <= 0) continue;
    const int bits = cert->public_key.bits;
    if (bits >= p.warn_rsa_bits && bits >= p.min_rsa_bits) continue;
    const bool fatal = bits < p.min_rsa_bits;
    Finding f;
    f.message = fmt::format("{} has a {}-bit RSA key, below {} bits", fix::describe(*cert), bits,
                            fatal ? p.min_rsa_bits : p.warn_rsa_bits);
    f.fix = reissue(ctx, v, *cert, idx, " -KeySize 2048",
                    "renew the CA with a key of at least 2048 bits and re-issue the certificates under it.");
    f.cert_index = idx;
    f.details["bits"] = std::to_string(bits);
    e.emit(fatal ? Severity::kFail : Severity::kWarn, std::move(f));
  }
}

void check_rsa_large(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& p = *v.profile;
  if (!p.max_rsa_bits) return;
  for (const auto& [cert, idx] : certificates_on_path(ctx, v)) {
    if (!is_rsa(cert->public_key) || cert->public_key.bits <= *p.max_rsa_bits) continue;
    Finding f;
    f.message = fmt::format("{} has a {}-bit RSA key; this client accepts RSA keys of at most {} bits",
                            fix::describe(*cert), cert->public_key.bits, *p.max_rsa_bits);
    f.fix = reissue(ctx, v, *cert, idx, " -KeySize 2048",
                    "use a CA whose key is at most 4096 bits for certificates OCS 2007 R2 peers validate.");
    f.cert_index = idx;
    f.details["bits"] = std::to_string(cert->public_key.bits);
    e.emit(Severity::kFail, std::move(f));
  }
}

void check_pss(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  if (v.profile->pss != verify::PssPolicy::kReject) return;
  for (const auto& [cert, idx] : certificates_on_path(ctx, v)) {
    const bool signed_pss = !cert->self_signed() && (cert->signature_algorithm.pss || cert->tbs_signature_algorithm.pss);
    const bool key_pss = cert->public_key.algorithm == "RSASSA-PSS";
    if (!signed_pss && !key_pss) continue;
    Finding f;
    f.message = fmt::format("{} {}: Lync 2013 and Skype for Business do not support RSASSA-PSS (sign-in and call "
                            "forwarding fail)",
                            fix::describe(*cert), signed_pss ? "is signed with RSASSA-PSS" : "has an RSASSA-PSS key");
    f.fix = fmt::format(
        "Make the issuing CA sign with PKCS#1 v1.5 (AD CS: certutil -setreg ca\\csp\\AlternateSignatureAlgorithm 0, "
        "then Restart-Service certsvc) and re-issue. {}",
        reissue(ctx, v, *cert, idx, "", "renew it with a PKCS#1 v1.5 signature and an RSA (not RSASSA-PSS) key."));
    f.cert_index = idx;
    e.emit(Severity::kFail, std::move(f));
  }
}

void check_digest(const RuleContext& ctx, const ProfileView& v, Emitter& e, std::string_view digest) {
  for (const auto& [cert, idx] : certificates_on_path(ctx, v)) {
    if (cert->signature_algorithm.digest != digest) continue;
    Severity s = Severity::kFail;
    if (cert->self_signed()) {
      s = Severity::kInfo;  // a root's self-signature is not checked by clients
      if (digest == "MD5") s = Severity::kWarn;  // G-17: MD5 anywhere in the chain stopped SfB FE services
    } else if (digest == "SHA1" && v.profile->algorithms == verify::AlgorithmPolicy::kPermissive) {
      s = Severity::kWarn;
    }
    Finding f;
    f.message = digest == "MD5"
                    ? fmt::format("{} is signed with MD5 (Skype for Business Front End services stop with Schannel "
                                  "fatal alert 40 when MD5 is in the chain)",
                                  fix::describe(*cert))
                    : fmt::format("{} is signed with SHA-1, which modern clients reject", fix::describe(*cert));
    f.fix = reissue(ctx, v, *cert, idx, "", "renew it signed with SHA-256 and re-issue the certificates under it.") +
            (idx == 0 ? "\n(The CA must sign with SHA-256: AD CS certutil -setreg ca\\csp\\CNGHashAlgorithm SHA256)"
                      : "");
    f.cert_index = idx;
    e.emit(s, std::move(f));
  }
}

// K-03: Lync Phone Edition builds older than its SHA-256 support loop at sign-in on a pool
// certificate signed with SHA-2. Which build added it is not documented, and every CA has signed
// with SHA-2 for a decade: uc-rules asks for a warning, but a warning here would be on every
// certificate and hide the ones that matter, so it is information, for the legacy phone profile
// only, about the first such certificate on the path.
void check_sha2_legacy_phone(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  for (const auto& [cert, idx] : certificates_on_path(ctx, v)) {
    if (cert->self_signed()) continue;  // a root's self-signature is not checked
    const auto& digest = cert->signature_algorithm.digest;
    if (digest != "SHA224" && digest != "SHA256" && digest != "SHA384" && digest != "SHA512") continue;
    Finding f;
    f.message = fmt::format(
        "{} is signed with {}: older Lync Phone Edition builds loop at sign-in on a SHA-2 pool certificate (\"Cannot "
        "connect to the server. Retrying.\"); current builds handle it, and which build added it is not documented",
        fix::describe(*cert), digest);
    f.fix =
        "Bring the phones to current firmware before the SHA-2 certificate is in place: import the current "
        "UCUpdates.cab into the pool's device update service and approve it; each phone takes it when it next signs "
        "in:\n"
        "Import-CsDeviceUpdate -Identity service:WebServer:<pool FQDN> -FileName C:\\Updates\\UCUpdates.cab\n"
        "Get-CsDeviceUpdateRule -Filter service:WebServer:<pool FQDN>* | Approve-CsDeviceUpdateRule\n"
        "A phone that cannot sign in cannot update: update those while the pool certificate is still SHA-1 signed.";
    f.cert_index = idx;
    f.details["digest"] = digest;
    e.emit_per_client(std::move(f));
    return;
  }
}

std::optional<Severity> by_sha2_uncertain(const profiles::ClientProfile& p) {
  return p.sha2_uncertain ? std::optional(Severity::kInfo) : std::nullopt;
}

// Path validation refuses the same keys the rule reports (Options::accepted_key_algorithms).
constexpr std::array<std::string_view, 1> kKeyAlgorithmProblems{verify::problem::kKeyAlgorithmNotAccepted};
// key.rsa-weak is fatal under the modern algorithm policy, key.rsa-too-small always.
constexpr std::array<std::string_view, 2> kRsaSmallProblems{verify::problem::kKeyRsaWeak,
                                                            verify::problem::kKeyRsaTooSmall};
constexpr std::array<std::string_view, 1> kPssProblems{verify::problem::kSigPss};
constexpr std::array<std::string_view, 1> kMd5Problems{verify::problem::kSigMd5};
constexpr std::array<std::string_view, 1> kSha1Problems{verify::problem::kSigSha1};

void check_md5(const RuleContext& c, const ProfileView& v, Emitter& e) { check_digest(c, v, e, "MD5"); }
void check_sha1(const RuleContext& c, const ProfileView& v, Emitter& e) { check_digest(c, v, e, "SHA1"); }

// The profile knobs each rule reads (RuleDescriptor::knobs).
constexpr std::string_view kRsaBitsKnob[] = {"min_rsa_bits"};
constexpr std::string_view kAlgorithmsKnob[] = {"algorithms"};
constexpr std::string_view kPssKnob[] = {"pss"};

const Rule kRules[] = {
    {{"key.algorithm-not-accepted", "A client's TLS stack takes only some key algorithms", Severity::kFail,
      "clients whose key_algorithms list lacks the key's kind (browsers: RSA and ECDSA P-256/384/521; OCS 2007 R2 "
      "and, read strictly, phones and Direct Routing: RSA)",
      nullptr, "G-06; G-07; OCS-04; DR-06", "Re-issue with an RSA key (-KeySize 2048).",
      {kKeyAlgorithmProblems, ProblemCover::kAlways}},
     has_chain, check_key_algorithm},
    {{"key.rsa-too-small", "RSA keys below 2048 bits are weak; some clients refuse them", Severity::kFail,
      "every client below its warn_rsa_bits (warn) or min_rsa_bits (fail)", nullptr, "G-05; K-06; OAUTH-01",
      "Re-issue with -KeySize 2048.", {kRsaSmallProblems, ProblemCover::kAlways},
      kRsaBitsKnob},
     has_chain, check_rsa_small},
    {{"key.rsa-too-large", "OCS 2007 R2 takes RSA keys only up to 4096 bits", Severity::kFail,
      "clients with a maximum RSA size (OCS 2007 R2 interop)", nullptr, "G-07; OCS-04",
      "Re-issue with -KeySize 2048.", {}},
     has_chain, check_rsa_large},
    {{"sig.rsassa-pss", "Lync 2013 and Skype for Business do not support RSASSA-PSS", Severity::kFail,
      "clients whose profile rejects RSASSA-PSS", nullptr, "G-04",
      "Make the CA sign with PKCS#1 v1.5 (AlternateSignatureAlgorithm 0) and re-issue.",
      {kPssProblems, ProblemCover::kAlways}, kPssKnob},
     has_chain, check_pss},
    {{"sig.md5", "MD5 signatures are broken and stop Skype for Business services", Severity::kFail,
      "every client", nullptr, "G-17; E-21", "Re-issue signed with SHA-256.", {kMd5Problems, ProblemCover::kAlways}},
     has_chain, check_md5},
    {{"sig.sha1", "SHA-1 signatures are rejected by modern clients and deprecated for the rest", Severity::kFail,
      "clients with a modern algorithm policy (fail); the rest (warn)", nullptr, "G-04; G-08",
      "Re-issue signed with SHA-256.", {kSha1Problems, ProblemCover::kAlways}, kAlgorithmsKnob},
     has_chain, check_sha1},
    {{"sig.sha2-legacy-phone", "Older Lync Phone Edition builds loop at sign-in on a SHA-2 pool certificate",
      Severity::kInfo, "clients whose profile says sha2_uncertain (Lync Phone Edition before 4.0.7577.4100)",
      by_sha2_uncertain, "K-03",
      "Update the phones' firmware (device update rules) while they can still sign in.", {}},
     has_chain, check_sha2_legacy_phone},
};

}  // namespace

std::span<const Rule> key_rules() { return kRules; }

}  // namespace uccert::rules
