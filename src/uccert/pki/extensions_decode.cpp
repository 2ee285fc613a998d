// Certificate extensions: every one in encoded order (duplicates noted), then each extension the
// view names decoded by OpenSSL into plain values. A present but undecodable extension is a
// DecodeNote, never an error: verify/ decides what it means.
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <set>
#include <utility>

#include "uccert/pki/certificate_decode.h"
#include "uccert/pki/x509_fields.h"

namespace uccert::pki {

std::vector<std::string> KeyUsage::names() const {
  static constexpr std::array<const char*, 9> kNames = {
      "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
      "keyCertSign",      "cRLSign",        "encipherOnly",    "decipherOnly"};
  std::vector<std::string> out;
  for (int i = 0; i < 9; ++i)
    if ((bits >> i) & 1U) out.emplace_back(kNames[static_cast<std::size_t>(i)]);
  return out;
}

bool ExtendedKeyUsage::has(std::string_view oid) const {
  return std::find(oids.begin(), oids.end(), oid) != oids.end();
}

namespace certificate_decode {

namespace {

using x509_fields::decode_general_name;
using x509_fields::general_name_text;
using x509_fields::oid_text;
using x509_fields::short_name_or_oid;
using x509_fields::to_bytes;
using x509_fields::to_raw_string;

template <class T>
struct ExtDeleter;
#define UCCERT_EXT_DELETER(T, F) \
  template <>                    \
  struct ExtDeleter<T> {         \
    void operator()(T* p) const noexcept { F(p); } \
  };
// ASN1_BIT_STRING, ASN1_OCTET_STRING and ASN1_INTEGER are all ASN1_STRING.
UCCERT_EXT_DELETER(ASN1_STRING, ASN1_STRING_free)
UCCERT_EXT_DELETER(EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free)
UCCERT_EXT_DELETER(BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free)
UCCERT_EXT_DELETER(NAME_CONSTRAINTS, NAME_CONSTRAINTS_free)
UCCERT_EXT_DELETER(AUTHORITY_KEYID, AUTHORITY_KEYID_free)
UCCERT_EXT_DELETER(AUTHORITY_INFO_ACCESS, AUTHORITY_INFO_ACCESS_free)
UCCERT_EXT_DELETER(CRL_DIST_POINTS, CRL_DIST_POINTS_free)
UCCERT_EXT_DELETER(CERTIFICATEPOLICIES, CERTIFICATEPOLICIES_free)
UCCERT_EXT_DELETER(POLICY_CONSTRAINTS, POLICY_CONSTRAINTS_free)
inline void free_policy_mappings(POLICY_MAPPINGS* p) { sk_POLICY_MAPPING_pop_free(p, POLICY_MAPPING_free); }
UCCERT_EXT_DELETER(POLICY_MAPPINGS, free_policy_mappings)
UCCERT_EXT_DELETER(GENERAL_NAMES, GENERAL_NAMES_free)
#undef UCCERT_EXT_DELETER

template <class T>
using ExtPtr = std::unique_ptr<T, ExtDeleter<T>>;

// How OpenSSL's X509V3_get_d2i saw one extension: absent, present once and decoded, present
// once and undecodable, or present more than once. x509v3_cache_extensions marks the
// certificate invalid for the last two.
struct Lookup {
  bool present = false;
  bool critical = false;
  bool openssl_invalid = false;
};

// The decoded value of the one extension with `nid`, or null. A present but undecodable
// extension is recorded; `critical` reports its flag either way. Duplicates are recorded once
// for all extensions in decode_extensions; the first is decoded.
template <class T>
ExtPtr<T> get_ext(const STACK_OF(X509_EXTENSION) * exts, int nid, Lookup& look, std::vector<DecodeNote>& notes) {
  look = Lookup{};
  int idx = X509v3_get_ext_by_NID(exts, nid, -1);
  if (idx < 0) return nullptr;
  look.present = true;
  const bool duplicate = X509v3_get_ext_by_NID(exts, nid, idx) >= 0;
  X509_EXTENSION* ext = X509v3_get_ext(exts, idx);
  look.critical = ext != nullptr && X509_EXTENSION_get_critical(ext) != 0;
  void* v = ext != nullptr ? X509V3_EXT_d2i(ext) : nullptr;
  look.openssl_invalid = duplicate || v == nullptr;
  if (v == nullptr) {
    ERR_clear_error();
    const char* sn = OBJ_nid2sn(nid);
    ASN1_OBJECT* o = OBJ_nid2obj(nid);
    notes.push_back({"encoding.extension-undecodable:" + oid_text(o),
                     std::string(sn != nullptr ? sn : "extension") + " could not be decoded"});
    return nullptr;
  }
  return ExtPtr<T>(static_cast<T*>(v));
}

// X509V3_get_d2i's verdict for an extension the view does not read: invalid when present more
// than once or undecodable.
bool openssl_rejects(const STACK_OF(X509_EXTENSION) * exts, int nid) {
  int idx = X509v3_get_ext_by_NID(exts, nid, -1);
  if (idx < 0) return false;
  if (X509v3_get_ext_by_NID(exts, nid, idx) >= 0) return true;
  void* v = X509V3_EXT_d2i(X509v3_get_ext(exts, idx));
  if (v == nullptr) {
    ERR_clear_error();
    return true;
  }
  // Freed as X509V3_EXT_d2i made it: through the method's ASN.1 item, else its own free.
  const X509V3_EXT_METHOD* method = X509V3_EXT_get(X509v3_get_ext(exts, idx));
  if (method != nullptr && method->it != nullptr)
    ASN1_item_free(static_cast<ASN1_VALUE*>(v), ASN1_ITEM_ptr(method->it));
  else if (method != nullptr && method->ext_free != nullptr)
    method->ext_free(v);
  return false;
}

// x509v3_cache_extensions' checks of a proxyCertInfo (RFC 3820): present once, decodable, and
// not in a CA certificate or one with subjectAltName / issuerAltName.
bool proxy_cert_info_invalid(const STACK_OF(X509_EXTENSION) * exts, bool ca) {
  if (X509v3_get_ext_by_NID(exts, NID_proxyCertInfo, -1) < 0) return false;
  if (openssl_rejects(exts, NID_proxyCertInfo)) return true;
  return ca || X509v3_get_ext_by_NID(exts, NID_subject_alt_name, -1) >= 0 ||
         X509v3_get_ext_by_NID(exts, NID_issuer_alt_name, -1) >= 0;
}

// setup_crldp / setup_dp: a distribution point with neither a name nor a cRLIssuer is invalid;
// a name relative to the issuer is resolved (DIST_POINT_set_dpname), and when that fails OpenSSL
// stops looking at the remaining points without calling the certificate invalid.
bool crl_distribution_points_invalid(CRL_DIST_POINTS* cdp, const X509_NAME* issuer) {
  for (int i = 0; i < sk_DIST_POINT_num(cdp); ++i) {
    DIST_POINT* dp = sk_DIST_POINT_value(cdp, i);
    if (dp->distpoint == nullptr && sk_GENERAL_NAME_num(dp->CRLissuer) <= 0) return true;
    if (dp->distpoint == nullptr || dp->distpoint->type != 1) continue;
    const X509_NAME* iname = nullptr;
    for (int j = 0; j < sk_GENERAL_NAME_num(dp->CRLissuer); ++j) {
      const GENERAL_NAME* gen = sk_GENERAL_NAME_value(dp->CRLissuer, j);
      if (gen->type == GEN_DIRNAME) {
        iname = gen->d.directoryName;
        break;
      }
    }
    if (iname == nullptr) iname = issuer;
    if (DIST_POINT_set_dpname(dp->distpoint, iname) != 1) {
      ERR_clear_error();
      return false;
    }
  }
  return false;
}

std::optional<std::int64_t> integer_value(const ASN1_INTEGER* i) {
  if (i == nullptr) return std::nullopt;
  int64_t v = 0;
  if (ASN1_INTEGER_get_int64(&v, i) != 1) {
    ERR_clear_error();
    return std::numeric_limits<std::int64_t>::max();  // too large to matter: treat as unbounded
  }
  return v;
}

}  // namespace

bool decode_extensions(Certificate& c, const STACK_OF(X509_EXTENSION) * x, const X509_NAME* issuer) {
  auto& notes = c.decode_notes;
  std::set<std::string> seen;
  int n = X509v3_get_ext_count(x);
  for (int i = 0; i < n; ++i) {
    X509_EXTENSION* ext = X509v3_get_ext(x, i);
    if (ext == nullptr) continue;
    Extension e;
    const ASN1_OBJECT* obj = X509_EXTENSION_get_object(ext);
    e.oid = oid_text(obj);
    e.name = short_name_or_oid(obj);
    e.critical = X509_EXTENSION_get_critical(ext) != 0;
    e.value = to_bytes(X509_EXTENSION_get_data(ext));
    if (!seen.insert(e.oid).second)
      notes.push_back({"encoding.duplicate-extension", e.name + " appears more than once"});
    c.extensions.push_back(std::move(e));
  }
  if (n > 0 && c.version != 3)
    notes.push_back({"encoding.version", "extensions in a version " + std::to_string(c.version) + " certificate"});

  // OpenSSL 3.0's x509v3_cache_extensions sets EXFLAG_INVALID for: basicConstraints, proxyCertInfo,
  // keyUsage, extendedKeyUsage, nsCertType, subjectKeyIdentifier, authorityKeyIdentifier,
  // subjectAltName, nameConstraints, cRLDistributionPoints and the RFC 3779 blocks present more
  // than once or undecodable; a negative pathLenConstraint; a keyUsage whose first 16 bits are
  // all zero; a misplaced proxyCertInfo; a distribution point with neither name nor issuer.
  bool invalid = false;
  Lookup look;
  bool present = false, critical = false;
  // `openssl_checks`: the extension is one x509v3_cache_extensions decodes.
  auto looked_up = [&](bool openssl_checks) {
    present = look.present;
    critical = look.critical;
    if (openssl_checks) invalid = invalid || look.openssl_invalid;
  };

  auto san = get_ext<GENERAL_NAMES>(x, NID_subject_alt_name, look, notes);
  looked_up(true);
  if (san) {
    for (int i = 0; i < sk_GENERAL_NAME_num(san.get()); ++i)
      c.subject_alt_names.push_back(decode_general_name(sk_GENERAL_NAME_value(san.get(), i), false));
  }
  c.has_san_extension = present;
  c.san_critical = critical;
  if (present && c.subject_alt_names.empty()) notes.push_back({"encoding.empty-san", "subjectAltName has no entries"});

  auto ku = get_ext<ASN1_BIT_STRING>(x, NID_key_usage, look, notes);
  looked_up(true);
  if (ku) {
    for (int b = 0; b < 9; ++b)
      if (ASN1_BIT_STRING_get_bit(ku.get(), b) != 0)
        c.key_usage.bits = static_cast<std::uint16_t>(c.key_usage.bits | (1U << b));
    if (c.key_usage.bits == 0) notes.push_back({"encoding.key-usage-empty", "keyUsage has no bit set"});
    // OpenSSL looks at the first two octets only (x509v3_cache_extensions' ex_kusage).
    const int len = ASN1_STRING_length(ku.get());
    const unsigned char* d = ASN1_STRING_get0_data(ku.get());
    unsigned first_16_bits = len > 0 ? d[0] : 0U;
    if (len > 1) first_16_bits |= static_cast<unsigned>(d[1]) << 8;
    if (first_16_bits == 0) invalid = true;
  }
  c.key_usage.present = present;
  c.key_usage.critical = critical;

  auto eku = get_ext<EXTENDED_KEY_USAGE>(x, NID_ext_key_usage, look, notes);
  looked_up(true);
  if (eku) {
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
      const ASN1_OBJECT* o = sk_ASN1_OBJECT_value(eku.get(), i);
      c.extended_key_usage.oids.push_back(oid_text(o));
      c.extended_key_usage.names.push_back(short_name_or_oid(o));
    }
    if (c.extended_key_usage.oids.empty()) notes.push_back({"encoding.eku-empty", "extendedKeyUsage has no purpose"});
  }
  c.extended_key_usage.present = present;
  c.extended_key_usage.critical = critical;

  auto bc = get_ext<BASIC_CONSTRAINTS>(x, NID_basic_constraints, look, notes);
  looked_up(true);
  if (bc) {
    c.basic_constraints.ca = bc->ca != 0;
    if (bc->pathlen != nullptr) {
      if (ASN1_STRING_type(bc->pathlen) == V_ASN1_NEG_INTEGER) {
        invalid = true;
        notes.push_back({"encoding.pathlen-negative", "pathLenConstraint is negative"});
        c.basic_constraints.path_len = 0;
      } else {
        c.basic_constraints.path_len = integer_value(bc->pathlen);
      }
    }
  }
  c.basic_constraints.present = present;
  c.basic_constraints.critical = critical;

  auto nc = get_ext<NAME_CONSTRAINTS>(x, NID_name_constraints, look, notes);
  looked_up(true);
  if (nc) {
    auto take = [&](STACK_OF(GENERAL_SUBTREE) * s, std::vector<GeneralName>& into) {
      for (int i = 0; i < sk_GENERAL_SUBTREE_num(s); ++i) {
        const GENERAL_SUBTREE* st = sk_GENERAL_SUBTREE_value(s, i);
        if (st == nullptr) continue;
        if (st->maximum != nullptr || (st->minimum != nullptr && ASN1_INTEGER_get(st->minimum) != 0))
          c.name_constraints.has_min_max = true;
        into.push_back(decode_general_name(st->base, true));
      }
    };
    take(nc->permittedSubtrees, c.name_constraints.permitted);
    take(nc->excludedSubtrees, c.name_constraints.excluded);
    if ((nc->permittedSubtrees != nullptr && sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) == 0) ||
        (nc->excludedSubtrees != nullptr && sk_GENERAL_SUBTREE_num(nc->excludedSubtrees) == 0))
      notes.push_back({"encoding.name-constraints-empty-subtrees",
                       "nameConstraints has an empty list of subtrees (RFC 5280: SIZE (1..MAX))"});
    if (nc->permittedSubtrees == nullptr && nc->excludedSubtrees == nullptr)
      notes.push_back(
          {"encoding.name-constraints-empty", "nameConstraints has neither permitted nor excluded subtrees"});
  }
  c.name_constraints.present = present;
  c.name_constraints.critical = critical;

  auto ski = get_ext<ASN1_OCTET_STRING>(x, NID_subject_key_identifier, look, notes);
  looked_up(true);
  if (ski) {
    c.subject_key_id = to_bytes(ski.get());
    if (critical) notes.push_back({"encoding.ski-critical", "subjectKeyIdentifier is marked critical"});
  }

  auto aki = get_ext<AUTHORITY_KEYID>(x, NID_authority_key_identifier, look, notes);
  looked_up(true);
  if (aki) {
    c.authority_key_id = to_bytes(aki->keyid);
    c.authority_key_id_has_issuer_serial = aki->issuer != nullptr || aki->serial != nullptr;
  }
  c.has_authority_key_id = present;
  c.authority_key_id_critical = critical;

  auto aia = get_ext<AUTHORITY_INFO_ACCESS>(x, NID_info_access, look, notes);
  looked_up(false);
  if (aia) {
    for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
      const ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia.get(), i);
      if (ad == nullptr) continue;
      std::string loc = general_name_text(decode_general_name(ad->location, false));
      int m = OBJ_obj2nid(ad->method);
      if (m == NID_ad_OCSP) c.authority_info_access.ocsp.push_back(loc);
      else if (m == NID_ad_ca_issuers) c.authority_info_access.ca_issuers.push_back(loc);
    }
  }

  auto cdp = get_ext<CRL_DIST_POINTS>(x, NID_crl_distribution_points, look, notes);
  looked_up(true);
  if (cdp) {
    invalid = invalid || crl_distribution_points_invalid(cdp.get(), issuer);
    for (int i = 0; i < sk_DIST_POINT_num(cdp.get()); ++i) {
      const DIST_POINT* dp = sk_DIST_POINT_value(cdp.get(), i);
      if (dp == nullptr || dp->distpoint == nullptr) continue;
      if (dp->distpoint->type == 0 && dp->distpoint->name.fullname != nullptr) {
        for (int j = 0; j < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); ++j)
          c.crl_distribution_points.push_back(
              general_name_text(decode_general_name(sk_GENERAL_NAME_value(dp->distpoint->name.fullname, j), false)));
      }
    }
  }

  auto pol = get_ext<CERTIFICATEPOLICIES>(x, NID_certificate_policies, look, notes);
  looked_up(false);
  if (pol) {
    std::set<std::string> seen_pol;
    for (int i = 0; i < sk_POLICYINFO_num(pol.get()); ++i) {
      const POLICYINFO* pi = sk_POLICYINFO_value(pol.get(), i);
      if (pi == nullptr) continue;
      PolicyInformation info;
      info.oid = oid_text(pi->policyid);
      if (!seen_pol.insert(info.oid).second)
        notes.push_back({"encoding.duplicate-policy", "policy " + info.oid + " appears more than once"});
      for (int j = 0; j < sk_POLICYQUALINFO_num(pi->qualifiers); ++j) {
        const POLICYQUALINFO* q = sk_POLICYQUALINFO_value(pi->qualifiers, j);
        if (q != nullptr && OBJ_obj2nid(q->pqualid) == NID_id_qt_cps && q->d.cpsuri != nullptr)
          info.cps_uris.push_back(to_raw_string(q->d.cpsuri));
      }
      c.policies.push_back(std::move(info));
    }
  }

  auto pc = get_ext<POLICY_CONSTRAINTS>(x, NID_policy_constraints, look, notes);
  looked_up(false);
  if (pc) {
    c.policy_constraints.require_explicit_policy = integer_value(pc->requireExplicitPolicy);
    c.policy_constraints.inhibit_policy_mapping = integer_value(pc->inhibitPolicyMapping);
    if (pc->requireExplicitPolicy == nullptr && pc->inhibitPolicyMapping == nullptr)
      notes.push_back({"encoding.policy-constraints-empty", "policyConstraints is empty"});
  }
  c.policy_constraints.present = present;
  c.policy_constraints.critical = critical;

  auto pm = get_ext<POLICY_MAPPINGS>(x, NID_policy_mappings, look, notes);
  looked_up(false);
  if (pm) {
    for (int i = 0; i < sk_POLICY_MAPPING_num(pm.get()); ++i) {
      const POLICY_MAPPING* m = sk_POLICY_MAPPING_value(pm.get(), i);
      if (m == nullptr) continue;
      c.policy_mappings.push_back({oid_text(m->issuerDomainPolicy), oid_text(m->subjectDomainPolicy)});
    }
  }

  auto iap = get_ext<ASN1_INTEGER>(x, NID_inhibit_any_policy, look, notes);
  if (iap) c.inhibit_any_policy = integer_value(iap.get());

  c.has_sct_list = X509v3_get_ext_by_NID(x, NID_ct_precert_scts, -1) >= 0;

  invalid = invalid || openssl_rejects(x, NID_netscape_cert_type) || openssl_rejects(x, NID_sbgp_ipAddrBlock) ||
            openssl_rejects(x, NID_sbgp_autonomousSysNum) || proxy_cert_info_invalid(x, c.basic_constraints.ca);
  ERR_clear_error();
  return invalid;
}

}  // namespace certificate_decode

}  // namespace uccert::pki
