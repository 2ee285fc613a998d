#include "uccert/verify/chain_validator.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "uccert/verify/name_constraints.h"
#include "uccert/verify/policy_tree.h"
#include "uccert/verify/problem_ids.h"
#include "uccert/verify/revocation.h"

namespace uccert::verify {

namespace {

using pki::Certificate;

// Extensions whose semantics this engine implements or deliberately accepts when critical
// (RFC 5280 4.2: "A certificate-using system MUST reject the certificate if it encounters a
// critical extension it does not recognize").
constexpr std::array<std::string_view, 13> kUnderstood = {
    "2.5.29.15",  // keyUsage
    "2.5.29.19",  // basicConstraints
    "2.5.29.17",  // subjectAltName
    "2.5.29.37",  // extKeyUsage
    "2.5.29.30",  // nameConstraints
    "2.5.29.32",  // certificatePolicies (RFC 5280 6.1.3 (d)-(f): policy_tree.h)
    "2.5.29.36",  // policyConstraints
    "2.5.29.33",  // policyMappings
    "2.5.29.54",  // inhibitAnyPolicy
    "2.5.29.14",  // subjectKeyIdentifier
    "2.5.29.35",  // authorityKeyIdentifier
    "1.3.6.1.5.5.7.1.1",  // authorityInfoAccess
    "2.5.29.31",  // cRLDistributionPoints
};

std::string idx_text(int i) { return "certificate " + std::to_string(i); }

class Validator {
 public:
  Validator(const ChainToValidate& chain, const Options& options, Budget& budget, SignatureChecker& sigs)
      : path_(*chain.certificates),
        anchored_(chain.ends_at_anchor),
        crls_(chain.crls),
        opt_(options),
        budget_(budget),
        sigs_(sigs) {}

  Problems run() {
    const int n = static_cast<int>(path_.size());
    if (n == 0) return std::move(out_);
    for (int i = 0; i < n; ++i) check_certificate(i);
    check_top();
    check_eku_chain();
    for (auto& p : check_policies(path_, anchored_)) out_.push_back(std::move(p));
    for (int i = 1; i < n; ++i) {
      if (path_[static_cast<std::size_t>(i)]->name_constraints.present)
        if (!check_name_constraints(path_, static_cast<std::size_t>(i), opt_.name_constraints_cn, strict(), budget_, out_)) break;
    }
    return std::move(out_);
  }

 private:
  const Certificate& at(int i) const { return *path_[static_cast<std::size_t>(i)]; }
  int size() const { return static_cast<int>(path_.size()); }
  bool is_anchor(int i) const { return anchored_ && i == size() - 1; }
  bool strict() const { return opt_.conformance == Conformance::kStrict; }
  // Conformance::kBrowser or kStrict: what Chrome refuses is fatal.
  bool browser() const { return opt_.conformance != Conformance::kLenient; }
  // A certificate-profile violation: always recorded, fatal only under Conformance::kStrict.
  void profile(std::string_view id, int i, std::string message, std::map<std::string, std::string> params = {}) {
    add(id, i, std::move(message), std::move(params), strict());
  }
  // A certificate-profile violation Chrome refuses too: fatal under kBrowser and kStrict. Chrome
  // applies it to the trust anchor as well (it enforces anchor constraints).
  void refused_by_browsers(std::string_view id, int i, std::string message,
                           std::map<std::string, std::string> params = {}) {
    add(id, i, std::move(message), std::move(params), browser());
  }

  void add(std::string_view id, int i, std::string message, std::map<std::string, std::string> params = {},
           bool fatal = true) {
    out_.push_back({std::string(id), i, std::move(message), std::move(params), fatal});
  }

  void check_certificate(int i) {
    const Certificate& c = at(i);
    const bool anchor = is_anchor(i);
    const bool leaf = i == 0;

    // Encoding oddities the decoder tolerated. On a trust anchor they are notes: the anchor
    // is trusted as configured, its encoding is not evaluated (RFC 5280 6.1.1 (d)).
    for (const auto& note : c.decode_notes) {
      std::string id = note.id;
      std::map<std::string, std::string> params;
      if (auto colon = id.find(':'); colon != std::string::npos) {
        params["oid"] = id.substr(colon + 1);
        id.resize(colon);
      }
      // A zero serial is common in long-lived roots and harmless there. Chrome cannot parse a
      // certificate with two extensions of one OID, and refuses a critical subjectKeyIdentifier
      // (unconsumed), a trust anchor included.
      const bool tolerated_on_anchor = id == problem::kEncodingSerialZero;
      const bool refused_on_anchor =
          (id == problem::kEncodingDuplicateExtension || id == problem::kEncodingSkiCritical) && browser();
      add(id, i, idx_text(i) + ": " + note.detail, params,
          !anchor || refused_on_anchor || (strict() && !tolerated_on_anchor));
    }

    // 6.1.3 (a)(2): validity.
    if (opt_.at < c.not_before)
      add(problem::kTimeNotYetValid, i, idx_text(i) + " is not valid before " + pki::format_time(c.not_before),
          {{"not_before", pki::format_time(c.not_before)}});
    if (opt_.at > c.not_after)
      add(problem::kTimeExpired, i, idx_text(i) + " expired " + pki::format_time(c.not_after),
          {{"not_after", pki::format_time(c.not_after)}});
    if (c.not_before > c.not_after) add(problem::kTimeInverted, i, idx_text(i) + " has notBefore after notAfter");

    // 6.1.3 (a)(1): the signature, by the next certificate's key.
    if (i + 1 < size()) {
      const Certificate& issuer = at(i + 1);
      auto sig = sigs_.check(c, issuer);
      if (sig && !sig->valid)
        add(problem::kSigInvalid, i,
            idx_text(i) + ": signature not made by " + idx_text(i + 1) + "'s key: " + sig->error,
            {{"error", sig->error}});
      check_signature_algorithm(i);
      // AKI/SKI are hints for path building (RFC 5280 4.2.1.1); a mismatch is worth a note.
      if (!c.authority_key_id.empty() && !issuer.subject_key_id.empty() && c.authority_key_id != issuer.subject_key_id)
        add(problem::kChainAkiMismatch, i,
            idx_text(i) + ": authorityKeyIdentifier does not match the subjectKeyIdentifier of " + idx_text(i + 1), {},
            false);
    }

    check_key(i);
    if (i + 1 < size()) check_revocation(i);

    // Unknown critical extensions (RFC 5280 4.2). On a trust anchor only where anchor
    // constraints are enforced (Chrome: kBrowser, kStrict); elsewhere the anchor is trusted as
    // configured (RFC 5280 6.1.1 (d)).
    for (const auto& e : c.extensions) {
      if (!e.critical) continue;
      if (std::find(kUnderstood.begin(), kUnderstood.end(), e.oid) != kUnderstood.end()) continue;
      add(problem::kExtUnknownCritical, i, idx_text(i) + " has a critical extension this engine does not process: " + e.name,
          {{"oid", e.oid}}, opt_.unknown_critical == UnknownCritical::kReject && (!anchor || browser()));
    }
    check_profile(i);
    if (c.subject.empty() && !c.has_san_extension && leaf)
      add(problem::kExtNoSubjectName, i, idx_text(i) + " has neither a subject nor a subjectAltName");

    if (leaf) {
      check_leaf(i);
    } else {
      check_issuer(i);
    }
  }

  // RFC 5280 section 4 and CA/B Forum BR 7.1 MUSTs that path validation itself does not need.
  void check_profile(int i) {
    const Certificate& c = at(i);
    const bool leaf = i == 0;
    // Chrome processes no critical authorityKeyIdentifier, subjectKeyIdentifier (the decoder's
    // encoding.ski-critical), authorityInfoAccess or cRLDistributionPoints: each is an
    // unconsumed critical extension there.
    if (c.has_authority_key_id && c.authority_key_id_critical)
      refused_by_browsers(problem::kExtAkiCritical, i,
                          idx_text(i) + ": authorityKeyIdentifier is marked critical (RFC 5280 4.2.1.1)");
    if (const auto* cdp = c.find_extension("2.5.29.31"); cdp != nullptr && cdp->critical)
      refused_by_browsers(problem::kExtCrlDpCritical, i,
                          idx_text(i) + ": cRLDistributionPoints is marked critical (RFC 5280 4.2.1.13)");
    if (c.has_authority_key_id && c.authority_key_id.empty())
      profile(problem::kExtAkiNoKeyId, i,
              idx_text(i) + ": authorityKeyIdentifier without keyIdentifier (RFC 5280 4.2.1.1)");
    if (c.authority_key_id_has_issuer_serial)
      profile(problem::kExtAkiIssuerSerial, i,
              idx_text(i) + ": authorityKeyIdentifier carries authorityCertIssuer/SerialNumber (CA/B BR 7.1.2)");
    // RFC 5280 4.2.1.1: every certificate but a self-signed one names its issuer's key.
    if (!c.self_signed() && !is_anchor(i) && !c.has_authority_key_id)
      profile(problem::kExtAkiMissing, i, idx_text(i) + " has no authorityKeyIdentifier (RFC 5280 4.2.1.1)");
    if (c.self_signed() && !c.authority_key_id.empty() && !c.subject_key_id.empty() &&
        c.authority_key_id != c.subject_key_id)
      profile(problem::kExtAkiSelfMismatch, i,
              idx_text(i) + " is self-signed but its authorityKeyIdentifier differs from its subjectKeyIdentifier");
    // RFC 5280 4.2.1.2: every CA certificate has a subjectKeyIdentifier.
    if (c.is_ca() && c.subject_key_id.empty())
      profile(problem::kExtSkiMissing, i, idx_text(i) + " is a CA without subjectKeyIdentifier (RFC 5280 4.2.1.2)");
    if (const auto* aia = c.find_extension("1.3.6.1.5.5.7.1.1"); aia != nullptr && aia->critical)
      refused_by_browsers(problem::kExtAiaCritical, i,
                          idx_text(i) + ": authorityInfoAccess is marked critical (RFC 5280 4.2.2.1)");
    // RFC 5280 4.2.1.9: basicConstraints is critical in a CA certificate that signs certificates.
    if (!leaf && c.is_ca() && !c.basic_constraints.critical)
      profile(problem::kExtBasicConstraintsNotCritical, i,
              idx_text(i) + ": basicConstraints is not critical (RFC 5280 4.2.1.9)");
    // RFC 5280 4.2.1.9: keyCertSign only with cA. On the leaf a TlsKeyUsage::kSignature client
    // refuses it (Chrome: a target that looks like a CA must be one).
    if (c.key_usage.present && c.key_usage.has(pki::KeyUsageBit::kKeyCertSign) && !c.is_ca())
      add(problem::kExtKeyCertSignWithoutCa, i,
          idx_text(i) + ": keyUsage keyCertSign without basicConstraints cA (RFC 5280 4.2.1.9)", {},
          strict() || (leaf && opt_.tls_key_usage == TlsKeyUsage::kSignature));
    // RFC 5280 4.2.1.10: nameConstraints only in CA certificates.
    if (c.name_constraints.present && !c.is_ca())
      profile(problem::kExtNameConstraintsNotCa, i,
              idx_text(i) + " is not a CA but has nameConstraints (RFC 5280 4.2.1.10)");
    // RFC 5280 4.2.1.11: policyConstraints is critical.
    if (c.policy_constraints.present && !c.policy_constraints.critical)
      profile(problem::kExtPolicyConstraintsNotCritical, i,
              idx_text(i) + ": policyConstraints is not critical (RFC 5280 4.2.1.11)");
    if (c.name_constraints.present && !c.name_constraints.critical)
      add(problem::kExtNameConstraintsNotCritical, i,
          idx_text(i) + ": nameConstraints is not critical (RFC 5280 4.2.1.10)", {}, false);
    // RFC 5280 4.2.1.6: a certificate with an empty subject carries a critical SAN; CA/B BR
    // 7.1.2.7.12: otherwise the SAN is not critical.
    if (c.subject.empty() && c.has_san_extension && !c.san_critical)
      refused_by_browsers(problem::kExtSanNotCritical, i,
                          idx_text(i) + " has an empty subject but a non-critical subjectAltName");
    if (!c.subject.empty() && c.has_san_extension && c.san_critical)
      profile(problem::kExtSanCritical, i,
              idx_text(i) + " has a subject but marks subjectAltName critical (CA/B BR 7.1.2.7.12)");
    if (is_anchor(i) && i > 0 && c.extended_key_usage.present)
      profile(problem::kEkuAnchorHasEku, i,
              idx_text(i) + " is a root with an extendedKeyUsage extension (CA/B BR 7.1.2.1.2)");
    if (leaf && !c.extended_key_usage.present)
      profile(problem::kEkuLeafAbsent, i, idx_text(i) + " has no extendedKeyUsage (CA/B BR 7.1.2.7.6)");
    if (leaf) {
      // CA/B BR 7.1.2.7.8: a subscriber certificate is not a CA.
      if (c.is_ca()) profile(problem::kChainLeafIsCa, i, idx_text(i) + " is a CA certificate used as the end entity");
      check_leaf_names(i);
    }
  }

  // RFC 5280 4.2.1.6: dNSName entries in preferred name syntax; CA/B BR 7.1.4.3: a CN is a
  // character-for-character copy of a SAN entry (IP addresses in their canonical text form).
  void check_leaf_names(int i) {
    const Certificate& c = at(i);
    for (const auto& g : c.subject_alt_names) {
      if (g.type != pki::GeneralNameType::kDns) continue;
      if (g.value.find('_') != std::string::npos || !is_valid_presented_dns_name(g.value))
        profile(problem::kExtSanInvalidDns, i,
                idx_text(i) + ": subjectAltName dNSName \"" + g.value + "\" is not a valid host name",
                {{"name", g.value}});
    }
    if (!c.has_san_extension) return;
    for (const auto& cn : c.subject_common_names) {
      bool found = false;
      for (const auto& g : c.subject_alt_names) {
        if ((g.type == pki::GeneralNameType::kDns || g.type == pki::GeneralNameType::kIp) && g.value == cn) found = true;
      }
      // Recorded, never fatal: suites disagree (x509-limbo webpki::cn against rfc5280::nc).
      if (!found)
        add(problem::kExtCnNotInSan, i,
            idx_text(i) + ": subject CN \"" + cn + "\" is not a copy of a subjectAltName entry", {{"cn", cn}}, false);
    }
  }

  // RFC 5280 6.3: every CRL at hand that the issuer signed for this certificate's issuer name,
  // evaluated as the revocation status is (verify/revocation.h).
  void check_revocation(int i) {
    if (crls_ == nullptr) return;
    const Certificate& c = at(i);
    const Certificate& issuer = at(i + 1);
    for (const auto& crl : *crls_) {
      if (!crl || !crl_names_issuer_of(*crl, c)) continue;
      if (!budget_.spend_signature_check()) return;
      const CrlEvaluation e = evaluate_crl(*crl, c, issuer, opt_.at);
      if (!e.signature_valid) continue;  // another CA of the same name
      // 6.3.3 (f): the CRL issuer's keyUsage, when present, must allow cRLSign.
      if (e.issuer_lacks_crl_sign) {
        add(problem::kCrlIssuerNoCrlSign, i + 1,
            idx_text(i + 1) + " signed a CRL but its keyUsage lacks cRLSign: the CRL cannot be used");
        continue;
      }
      if (e.number_missing)
        profile(problem::kCrlNumberMissing, i, "the CRL for " + idx_text(i) + " has no cRLNumber (RFC 5280 5.2.3)");
      if (e.number_critical)
        profile(problem::kCrlNumberCritical, i,
                "the CRL for " + idx_text(i) + " marks cRLNumber critical (RFC 5280 5.2.3)");
      for (const auto& oid : e.unknown_critical)
        add(problem::kCrlUnknownCritical, i, "the CRL for " + idx_text(i) + " has a critical extension " + oid,
            {{"oid", oid}});
      if (e.stale)
        add(problem::kCrlStale, i,
            "the CRL for " + idx_text(i) + " is past its nextUpdate " + pki::format_time(*crl->next_update),
            {{"next_update", pki::format_time(*crl->next_update)}}, false);
      if (e.listed)
        add(problem::kCrlRevoked, i, idx_text(i) + " is revoked by its issuer's CRL", {{"serial", c.serial_hex}});
    }
  }

  void check_signature_algorithm(int i) {
    const Certificate& c = at(i);
    const auto& alg = c.signature_algorithm;
    const bool modern = opt_.algorithms == AlgorithmPolicy::kModern;
    if (alg.digest == "MD5" || alg.digest == "MD2" || alg.digest == "MD4")
      add(problem::kSigMd5, i, idx_text(i) + " is signed with " + alg.name + " (broken digest)",
          {{"algorithm", alg.name}});
    else if (alg.digest == "SHA1")
      add(problem::kSigSha1, i, idx_text(i) + " is signed with " + alg.name, {{"algorithm", alg.name}}, modern);
    if (alg.pss)
      add(problem::kSigPss, i,
          idx_text(i) + " is signed with RSASSA-PSS, which Lync 2013 and Skype for Business reject (G-04)",
          {{"algorithm", alg.name}}, opt_.pss == PssPolicy::kReject);
  }

  void check_key(int i) {
    const Certificate& c = at(i);
    const bool anchor = is_anchor(i);
    const bool modern = opt_.algorithms == AlgorithmPolicy::kModern;
    // Under kModern a weak key is fatal on the anchor too: it signs the next certificate.
    const bool weak_fatal = modern;
    if (!c.public_key.decodable) {
      add(problem::kKeyUndecodable, i, idx_text(i) + ": the public key cannot be decoded",
          {{"algorithm", c.public_key.algorithm}});
      return;
    }
    const std::string& alg = c.public_key.algorithm;
    if (opt_.accepted_key_algorithms) {
      const auto kind = key_algorithm_of(c.public_key);
      const auto& ok = *opt_.accepted_key_algorithms;
      if (!kind || std::find(ok.begin(), ok.end(), *kind) == ok.end()) {
        const std::string what = alg == "EC" ? "EC " + c.public_key.curve : alg;
        add(problem::kKeyAlgorithmNotAccepted, i,
            idx_text(i) + ": a " + what + " key, which the client does not accept", {{"algorithm", what}});
      }
    }
    if (alg == "RSA" || alg == "RSASSA-PSS") {
      const int bits = c.public_key.bits;
      // The client's own minimum, when given, is fatal on every certificate (the anchor too).
      const bool below_min = opt_.min_rsa_bits && bits < *opt_.min_rsa_bits;
      if (bits < 1024)
        add(problem::kKeyRsaTooSmall, i, idx_text(i) + ": RSA key of " + std::to_string(bits) + " bits",
            {{"bits", std::to_string(bits)}}, !anchor || modern || below_min);
      else if (bits < 2048)
        add(problem::kKeyRsaWeak, i, idx_text(i) + ": RSA key of " + std::to_string(bits) + " bits (below 2048, G-05)",
            {{"bits", std::to_string(bits)}}, weak_fatal || below_min);
      else if (below_min)
        add(problem::kKeyRsaWeak, i,
            idx_text(i) + ": RSA key of " + std::to_string(bits) + " bits (below the client's minimum of " +
                std::to_string(*opt_.min_rsa_bits) + ")",
            {{"bits", std::to_string(bits)}});
      if (bits % 8 != 0)
        add(problem::kKeyRsaSizeNotMultipleOf8, i,
            idx_text(i) + ": RSA modulus of " + std::to_string(bits) + " bits is not a multiple of 8 (CA/B BR 6.1.5)",
            {{"bits", std::to_string(bits)}}, weak_fatal);
    } else if (alg == "EC") {
      if (c.public_key.curve == "explicit")
        add(problem::kKeyEcExplicitParameters, i,
            idx_text(i) + ": EC key with explicit curve parameters (RFC 5480 2.1.1)", {}, !anchor || strict());
      else if (c.public_key.curve != "P-256" && c.public_key.curve != "P-384" && c.public_key.curve != "P-521")
        add(problem::kKeyEcCurve, i,
            idx_text(i) + ": EC key on curve " + c.public_key.curve + " (CA/B BR 6.1.5: P-256/384/521)",
            {{"curve", c.public_key.curve}}, weak_fatal);
    } else if (alg == "DSA") {
      add(problem::kKeyDsa, i, idx_text(i) + ": DSA key (not accepted by current clients)", {}, weak_fatal);
    } else if (alg != "Ed25519" && alg != "Ed448") {
      add(problem::kKeyUnknownAlgorithm, i, idx_text(i) + ": public key algorithm " + alg, {{"algorithm", alg}}, false);
    }
  }

  void check_leaf(int i) {
    const Certificate& c = at(i);
    // A TLS server leaf signs the handshake (TLS 1.3, ECDHE): digitalSignature, when keyUsage is
    // present. Only TLS 1.0-1.2 RSA key exchange does without it, needing keyEncipherment.
    if (opt_.tls_key_usage != TlsKeyUsage::kUnchecked && c.key_usage.present &&
        !c.key_usage.has(pki::KeyUsageBit::kDigitalSignature)) {
      const bool rsa_key_exchange = opt_.tls_key_usage == TlsKeyUsage::kRsaKeyExchange &&
                                    c.public_key.algorithm == "RSA" &&
                                    c.key_usage.has(pki::KeyUsageBit::kKeyEncipherment);
      std::string bits;
      for (const auto& n : c.key_usage.names()) bits += (bits.empty() ? "" : ", ") + n;
      add(problem::kExtKeyUsageNoDigitalSignature, i,
          idx_text(i) + ": keyUsage (" + bits + ") lacks digitalSignature", {{"key_usage", bits}}, !rsa_key_exchange);
    }
    if (!opt_.required_key_usage.empty() && c.key_usage.present) {
      for (auto bit : opt_.required_key_usage) {
        if (!c.key_usage.has(bit))
          add(problem::kExtKeyUsageMissing, i, idx_text(i) + ": keyUsage lacks a usage the client requires",
              {{"bit", std::to_string(static_cast<int>(bit))}});
      }
    }
  }

  void check_issuer(int i) {
    const Certificate& c = at(i);
    const bool anchor = is_anchor(i);
    // 6.1.4 (k): the issuer must be a CA. A version 1 or 2 anchor has no extensions and is
    // trusted as configured; a v1/v2 intermediate is not a CA.
    if (c.version < 3) {
      if (!anchor)
        add(problem::kChainIssuerNotCa, i,
            idx_text(i) + " is a version " + std::to_string(c.version) + " certificate used as a CA");
    } else if (!c.basic_constraints.present) {
      add(problem::kChainIssuerNotCa, i, idx_text(i) + " has no basicConstraints but issued " + idx_text(i - 1));
    } else if (!c.basic_constraints.ca) {
      add(problem::kChainIssuerNotCa, i, idx_text(i) + " has basicConstraints cA=FALSE but issued " + idx_text(i - 1));
    }
    // 6.1.4 (n): keyCertSign when keyUsage is present.
    if (c.key_usage.present && !c.key_usage.has(pki::KeyUsageBit::kKeyCertSign))
      add(problem::kExtKeyUsageNoCertSign, i, idx_text(i) + " issued a certificate but its keyUsage lacks keyCertSign");
    // 6.1.4 (l)(m): pathLenConstraint counts the non-self-issued intermediates below this one.
    if (c.basic_constraints.path_len) {
      std::int64_t below = 0;
      for (int j = 1; j < i; ++j)
        if (!at(j).self_issued) ++below;
      if (below > *c.basic_constraints.path_len)
        add(problem::kChainPathLengthExceeded, i,
            idx_text(i) + " allows " + std::to_string(*c.basic_constraints.path_len) + " intermediate(s) below it, " +
                std::to_string(below) + " found",
            {{"path_len", std::to_string(*c.basic_constraints.path_len)}, {"below", std::to_string(below)}});
    }
  }

  // EKU: the leaf must allow the required purpose (RFC 5280 4.2.1.12). Under
  // EkuChaining::kIntersect, as Windows CryptoAPI and browsers do, each issuer's EKU narrows the
  // purposes its subordinates may carry: the intersection down the path must stay non-empty
  // and include the required purpose. anyExtendedKeyUsage or no EKU means "no restriction".
  void check_eku_chain() {
    const auto unrestricted = [](const pki::ExtendedKeyUsage& e) {
      return !e.present || e.has(pki::kOidAnyExtendedKeyUsage);
    };
    const Certificate& leaf = at(0);
    if (opt_.required_eku && !unrestricted(leaf.extended_key_usage) && !leaf.extended_key_usage.has(*opt_.required_eku))
      add(problem::kEkuLeafMissing, 0, idx_text(0) + ": extendedKeyUsage does not include " + *opt_.required_eku,
          {{"required", *opt_.required_eku}});
    if (leaf.extended_key_usage.present) {
      if (leaf.extended_key_usage.has(pki::kOidAnyExtendedKeyUsage))
        profile(problem::kEkuLeafAny, 0,
                idx_text(0) + ": extendedKeyUsage contains anyExtendedKeyUsage (CA/B BR 7.1.2.7.10)");
      if (leaf.extended_key_usage.critical)
        profile(problem::kEkuLeafCritical, 0, idx_text(0) + ": extendedKeyUsage is critical (CA/B BR 7.1.2.7.6)");
    }
    if (opt_.eku_chaining != EkuChaining::kIntersect) return;
    std::optional<std::vector<std::string>> allowed;  // nullopt: unrestricted so far
    if (!unrestricted(leaf.extended_key_usage)) allowed = leaf.extended_key_usage.oids;
    for (int i = 1; i < size(); ++i) {
      const auto& eku = at(i).extended_key_usage;
      if (unrestricted(eku)) continue;
      std::vector<std::string> next;
      if (!allowed) {
        next = eku.oids;
      } else {
        for (const auto& o : *allowed)
          if (eku.has(o)) next.push_back(o);
      }
      const bool lost_required = opt_.required_eku && std::find(next.begin(), next.end(), *opt_.required_eku) == next.end() &&
                                 (!allowed || std::find(allowed->begin(), allowed->end(), *opt_.required_eku) != allowed->end());
      if (next.empty() || lost_required) {
        add(problem::kEkuIssuerRestricts, i,
            idx_text(i) + "'s extendedKeyUsage leaves no purpose " +
                (opt_.required_eku ? "including " + *opt_.required_eku : std::string("in common with the leaf")),
            {{"required", opt_.required_eku.value_or("")}});
      }
      allowed = std::move(next);
    }
  }

  void check_top() {
    const int last = size() - 1;
    if (anchored_) return;
    const Certificate& top = at(last);
    if (top.self_signed())
      add(problem::kChainUntrustedRoot, last, idx_text(last) + " is a self-signed root the client does not trust",
          {{"subject", top.subject.text}});
    else
      add(problem::kChainMissingIssuer, last, "no issuer found for " + idx_text(last) + " (" + top.issuer.text + ")",
          {{"issuer", top.issuer.text},
           {"aia_url",
            top.authority_info_access.ca_issuers.empty() ? "" : top.authority_info_access.ca_issuers.front()}});
  }

  const std::vector<pki::CertificatePtr>& path_;
  bool anchored_;
  const std::vector<pki::CrlPtr>* crls_;
  const Options& opt_;
  Budget& budget_;
  SignatureChecker& sigs_;
  Problems out_;
};

}  // namespace

Problems validate_chain(const ChainToValidate& chain, const Options& options, Budget& budget, SignatureChecker& sigs) {
  if (chain.certificates == nullptr) return {};
  return Validator(chain, options, budget, sigs).run();
}

}  // namespace uccert::verify
