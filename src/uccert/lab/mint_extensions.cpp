// The extensions a minted certificate or request carries, each exactly as its CertSpec says, so
// tests can build the broken certificates the rules look for.
#include "uccert/lab/mint_detail.h"

namespace uccert::lab::mint_detail {

namespace {

Status add_ext(std::vector<pki::X509ExtensionPtr>& out, int nid, bool critical, void* value,
               std::string_view what) {
  X509_EXTENSION* ext = X509V3_EXT_i2d(nid, critical ? 1 : 0, value);
  if (ext == nullptr) return fail(what);
  out.emplace_back(ext);
  return Ok{};
}

Result<pki::Asn1ObjectPtr> object(const std::string& text) {
  pki::Asn1ObjectPtr obj(OBJ_txt2obj(text.c_str(), 0));
  if (!obj) {
    ERR_clear_error();
    return Error{fmt::format("'{}' is not an OID or a known object name", text)};
  }
  return obj;
}

Result<GENERAL_NAMES*> san_names(const CertSpec& spec) {
  pki::GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) return fail("sk_GENERAL_NAME_new_null");
  for (const auto& d : spec.san_dns)
    if (auto s = push_name(names.get(), ia5_name(GEN_DNS, d)); !s) return s.error();
  for (const auto& ip : spec.san_ip)
    if (auto s = push_name(names.get(), ip_name(ip, false)); !s) return s.error();
  for (const auto& e : spec.san_email)
    if (auto s = push_name(names.get(), ia5_name(GEN_EMAIL, e)); !s) return s.error();
  for (const auto& u : spec.san_uri)
    if (auto s = push_name(names.get(), ia5_name(GEN_URI, u)); !s) return s.error();
  return names.release();
}


}  // namespace

// The extensions a request carries: SAN, key usage, EKU and the raw extras.
Status request_extensions(const CertSpec& spec, const KeyPair& key, std::vector<pki::X509ExtensionPtr>& out,
                          bool for_certificate) {
  // Basic constraints first, as CAs usually order them.
  if (for_certificate && !spec.omit_basic_constraints) {
    BasicConstraintsPtr bc(BASIC_CONSTRAINTS_new());
    if (!bc) return fail("BASIC_CONSTRAINTS_new");
    bc->ca = spec.is_ca ? 0xFF : 0;
    if (spec.path_len) {
      bc->pathlen = ASN1_INTEGER_new();
      if (bc->pathlen == nullptr || ASN1_INTEGER_set(bc->pathlen, *spec.path_len) != 1) {
        return fail("path length");
      }
    }
    if (auto s = add_ext(out, NID_basic_constraints, spec.basic_constraints_critical, bc.get(),
                         "basic constraints");
        !s)
      return s;
  }

  std::uint16_t ku_bits = 0;
  if (spec.key_usage) {
    ku_bits = *spec.key_usage;
  } else if (spec.is_ca) {
    ku_bits =
        ku(pki::KeyUsageBit::kKeyCertSign, pki::KeyUsageBit::kCrlSign, pki::KeyUsageBit::kDigitalSignature);
  } else if (is_rsa(key.get())) {
    ku_bits = ku(pki::KeyUsageBit::kDigitalSignature, pki::KeyUsageBit::kKeyEncipherment);
  } else {
    ku_bits = ku(pki::KeyUsageBit::kDigitalSignature);
  }
  if (ku_bits != 0) {
    Asn1BitStringPtr bits(ASN1_BIT_STRING_new());
    if (!bits) return fail("ASN1_BIT_STRING_new");
    for (int b = 0; b < 9; ++b) {
      if (((ku_bits >> b) & 1U) != 0 && ASN1_BIT_STRING_set_bit(bits.get(), b, 1) != 1) {
        return fail("key usage");
      }
    }
    if (auto s = add_ext(out, NID_key_usage, spec.key_usage_critical, bits.get(), "key usage"); !s) return s;
  }

  std::vector<std::string> eku_oids;
  if (spec.eku) {
    eku_oids = *spec.eku;
  } else if (!spec.is_ca) {
    eku_oids = {"serverAuth", "clientAuth"};
  }
  if (!eku_oids.empty()) {
    ObjStackPtr stack(sk_ASN1_OBJECT_new_null());
    if (!stack) return fail("sk_ASN1_OBJECT_new_null");
    for (const auto& o : eku_oids) {
      auto obj = object(o);
      if (!obj) return Error{"extended key usage: " + obj.error().message};
      if (sk_ASN1_OBJECT_push(stack.get(), obj->get()) == 0) return fail("extended key usage");
      static_cast<void>(obj->release());
    }
    if (auto s = add_ext(out, NID_ext_key_usage, spec.eku_critical, stack.get(), "extended key usage"); !s)
      return s;
  }

  const bool any_san =
      !spec.san_dns.empty() || !spec.san_ip.empty() || !spec.san_email.empty() || !spec.san_uri.empty();
  if (any_san || spec.san_force_empty) {
    auto names = san_names(spec);
    if (!names) return Error{"subject alternative name: " + names.error().message};
    pki::GeneralNamesPtr owned(*names);
    if (auto s =
            add_ext(out, NID_subject_alt_name, spec.san_critical, owned.get(), "subject alternative name");
        !s)
      return s;
  }
  return Ok{};
}

Status certificate_extensions(const CertSpec& spec, const KeyPair& key, const Minted* issuer,
                              std::vector<pki::X509ExtensionPtr>& out) {
  if (auto s = request_extensions(spec, key, out, true); !s) return s;

  pki::Bytes skid = spec.subject_key_id.value_or(key.key_id());
  if (!spec.omit_subject_key_id) {
    Asn1OctetStringPtr os(ASN1_OCTET_STRING_new());
    if (!os || ASN1_OCTET_STRING_set(os.get(), skid.data(), static_cast<int>(skid.size())) != 1)
      return fail("subject key id");
    if (auto s = add_ext(out, NID_subject_key_identifier, false, os.get(), "subject key id"); !s) return s;
  }

  if (!spec.omit_authority_key_id) {
    pki::Bytes akid;
    if (spec.authority_key_id) {
      akid = *spec.authority_key_id;
    } else if (issuer == nullptr) {
      akid = skid;
    } else if (const ASN1_OCTET_STRING* id = X509_get0_subject_key_id(issuer->x509.get()); id != nullptr) {
      akid.assign(ASN1_STRING_get0_data(id), ASN1_STRING_get0_data(id) + ASN1_STRING_length(id));
    } else {
      akid = issuer->key.key_id();
    }
    AuthorityKeyIdPtr ak(AUTHORITY_KEYID_new());
    if (!ak) return fail("AUTHORITY_KEYID_new");
    ak->keyid = ASN1_OCTET_STRING_new();
    if (ak->keyid == nullptr ||
        ASN1_OCTET_STRING_set(ak->keyid, akid.data(), static_cast<int>(akid.size())) != 1)
      return fail("authority key id");
    if (auto s = add_ext(out, NID_authority_key_identifier, false, ak.get(), "authority key id"); !s)
      return s;
  }

  if (!spec.crl_urls.empty()) {
    CrlDistPointsPtr dps(sk_DIST_POINT_new_null());
    if (!dps) return fail("sk_DIST_POINT_new_null");
    for (const auto& url : spec.crl_urls) {
      DIST_POINT* dp = DIST_POINT_new();
      if (dp == nullptr || sk_DIST_POINT_push(dps.get(), dp) == 0) {
        DIST_POINT_free(dp);
        return fail("CRL distribution point");
      }
      dp->distpoint = DIST_POINT_NAME_new();
      if (dp->distpoint == nullptr) return fail("DIST_POINT_NAME_new");
      dp->distpoint->type = 0;
      dp->distpoint->name.fullname = sk_GENERAL_NAME_new_null();
      if (dp->distpoint->name.fullname == nullptr) return fail("CRL distribution point");
      if (auto s = push_name(dp->distpoint->name.fullname, ia5_name(GEN_URI, url)); !s) return s;
    }
    if (auto s = add_ext(out, NID_crl_distribution_points, false, dps.get(), "CRL distribution points"); !s)
      return s;
  }

  if (!spec.ocsp_urls.empty() || !spec.ca_issuers_urls.empty()) {
    AiaPtr aia(sk_ACCESS_DESCRIPTION_new_null());
    if (!aia) return fail("sk_ACCESS_DESCRIPTION_new_null");
    auto add = [&](int method, const std::string& url) -> Status {
      ACCESS_DESCRIPTION* ad = ACCESS_DESCRIPTION_new();
      if (ad == nullptr || sk_ACCESS_DESCRIPTION_push(aia.get(), ad) == 0) {
        ACCESS_DESCRIPTION_free(ad);
        return fail("authority information access");
      }
      ASN1_OBJECT_free(ad->method);
      ad->method = OBJ_nid2obj(method);
      auto gn = ia5_name(GEN_URI, url);
      if (!gn) return gn.error();
      GENERAL_NAME_free(ad->location);
      ad->location = gn->release();
      return Ok{};
    };
    for (const auto& u : spec.ocsp_urls)
      if (auto s = add(NID_ad_OCSP, u); !s) return s;
    for (const auto& u : spec.ca_issuers_urls)
      if (auto s = add(NID_ad_ca_issuers, u); !s) return s;
    if (auto s = add_ext(out, NID_info_access, false, aia.get(), "authority information access"); !s)
      return s;
  }

  if (!spec.policy_oids.empty()) {
    PoliciesPtr pols(sk_POLICYINFO_new_null());
    if (!pols) return fail("sk_POLICYINFO_new_null");
    for (const auto& oid : spec.policy_oids) {
      auto obj = object(oid);
      if (!obj) return Error{"certificate policies: " + obj.error().message};
      POLICYINFO* pi = POLICYINFO_new();
      if (pi == nullptr || sk_POLICYINFO_push(pols.get(), pi) == 0) {
        POLICYINFO_free(pi);
        return fail("certificate policies");
      }
      ASN1_OBJECT_free(pi->policyid);
      pi->policyid = obj->release();
    }
    if (auto s = add_ext(out, NID_certificate_policies, false, pols.get(), "certificate policies"); !s)
      return s;
  }

  if (spec.name_constraints) {
    const NameConstraintsSpec& nc = *spec.name_constraints;
    NameConstraintsPtr ncs(NAME_CONSTRAINTS_new());
    if (!ncs) return fail("NAME_CONSTRAINTS_new");
    auto fill = [](STACK_OF(GENERAL_SUBTREE) * *subtrees, const std::vector<std::string>& dns,
                   const std::vector<std::string>& ips, const std::vector<std::string>& emails,
                   const std::vector<Name>& dirs) -> Status {
      if (dns.empty() && ips.empty() && emails.empty() && dirs.empty()) return Ok{};
      *subtrees = sk_GENERAL_SUBTREE_new_null();
      if (*subtrees == nullptr) return fail("name constraints");
      auto push = [&](Result<GeneralNamePtr> gn) -> Status {
        if (!gn) return gn.error();
        GENERAL_SUBTREE* st = GENERAL_SUBTREE_new();
        if (st == nullptr || sk_GENERAL_SUBTREE_push(*subtrees, st) == 0) {
          GENERAL_SUBTREE_free(st);
          return fail("name constraints");
        }
        GENERAL_NAME_free(st->base);
        st->base = gn->release();
        return Ok{};
      };
      for (const auto& d : dns)
        if (auto s = push(ia5_name(GEN_DNS, d)); !s) return s;
      for (const auto& ip : ips)
        if (auto s = push(ip_name(ip, true)); !s) return s;
      for (const auto& e : emails)
        if (auto s = push(ia5_name(GEN_EMAIL, e)); !s) return s;
      for (const auto& n : dirs)
        if (auto s = push(dir_name(n)); !s) return s;
      return Ok{};
    };
    if (auto s = fill(&ncs->permittedSubtrees, nc.permitted_dns, nc.permitted_ip, nc.permitted_email,
                      nc.permitted_dir);
        !s)
      return Error{"name constraints: " + s.error().message};
    if (auto s =
            fill(&ncs->excludedSubtrees, nc.excluded_dns, nc.excluded_ip, nc.excluded_email, nc.excluded_dir);
        !s)
      return Error{"name constraints: " + s.error().message};
    if (auto s = add_ext(out, NID_name_constraints, nc.critical, ncs.get(), "name constraints"); !s) return s;
  }
  return Ok{};
}

Status raw_extensions(const CertSpec& spec, std::vector<pki::X509ExtensionPtr>& out) {
  for (const auto& raw : spec.extra_extensions) {
    pki::Asn1ObjectPtr obj(OBJ_txt2obj(raw.oid.c_str(), 1));
    if (!obj) {
      ERR_clear_error();
      return Error{fmt::format("extension OID '{}' is not a dotted OID", raw.oid)};
    }
    Asn1OctetStringPtr os(ASN1_OCTET_STRING_new());
    if (!os || ASN1_OCTET_STRING_set(os.get(), raw.value.data(), static_cast<int>(raw.value.size())) != 1)
      return fail("extension value");
    X509_EXTENSION* ext = X509_EXTENSION_create_by_OBJ(nullptr, obj.get(), raw.critical ? 1 : 0, os.get());
    if (ext == nullptr) return fail(fmt::format("extension {}", raw.oid));
    out.emplace_back(ext);
  }
  return Ok{};
}

}  // namespace uccert::lab::mint_detail
