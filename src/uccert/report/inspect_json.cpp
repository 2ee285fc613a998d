#include "uccert/report/inspect_json.h"

#include "uccert/report/json_keys.h"
#include "uccert/report/json_text.h"

namespace uccert::report {

namespace k = json_keys;
using json = nlohmann::ordered_json;

namespace {

std::string hex(const pki::Bytes& b) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (std::uint8_t v : b) {
    out.push_back(kDigits[v >> 4]);
    out.push_back(kDigits[v & 0x0F]);
  }
  return out;
}

json string_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

template <class T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json name_json(const pki::DistinguishedName& dn) {
  json attrs = json::array();
  json common_names = json::array();
  for (const pki::NameAttribute& a : dn.attributes) {
    attrs.push_back({{k::kOid, a.oid}, {k::kName, a.short_name}, {k::kValue, a.value}});
    if (a.oid == "2.5.4.3") common_names.push_back(a.value);  // id-at-commonName
  }
  return {{k::kDn, dn.text}, {k::kCommonNames, std::move(common_names)}, {k::kAttributes, std::move(attrs)}};
}

json general_names_json(const std::vector<pki::GeneralName>& names) {
  json out = json::array();
  for (const pki::GeneralName& n : names) {
    json entry = {{k::kType, general_name_type(n.type)}, {k::kValue, n.value}};
    entry[k::kOid] = n.type == pki::GeneralNameType::kOther ? json(n.other_name_oid) : json(nullptr);
    out.push_back(std::move(entry));
  }
  return out;
}

json public_key_json(const pki::PublicKeyInfo& key) {
  return {{k::kAlgorithm, key.algorithm},
          {k::kBits, key.bits},
          {k::kCurve, string_or_null(key.curve)}};
}

json signature_json(const pki::SignatureAlgorithm& sig) {
  return {{k::kName, sig.name}, {k::kOid, sig.oid}, {k::kDigest, string_or_null(sig.digest)}};
}

json key_usage_json(const pki::KeyUsage& ku) {
  return {{k::kPresent, ku.present}, {k::kCritical, ku.critical}, {k::kUsages, ku.names()}};
}

json eku_json(const pki::ExtendedKeyUsage& eku) {
  json usages = json::array();
  for (std::size_t i = 0; i < eku.oids.size(); ++i) {
    usages.push_back({{k::kName, i < eku.names.size() ? eku.names[i] : eku.oids[i]}, {k::kOid, eku.oids[i]}});
  }
  return {{k::kPresent, eku.present}, {k::kCritical, eku.critical}, {k::kUsages, std::move(usages)}};
}

json extensions_json(const std::vector<pki::Extension>& exts) {
  json out = json::array();
  for (const pki::Extension& e : exts) {
    out.push_back({{k::kOid, e.oid}, {k::kName, e.name}, {k::kCritical, e.critical}});
  }
  return out;
}

json chain_json(const pki::ChainOrder& order) {
  json links = json::array();
  for (const pki::IssuerLink& l : order.links) {
    links.push_back({{k::kIndex, l.index},
                     {k::kIssuerIndex, optional_json(l.issuer_index)},
                     {k::kSelfSigned, l.self_signed},
                     {k::kNameMatch, l.name_match},
                     {k::kKeyIdMatch, optional_json(l.key_id_match)},
                     {k::kSignatureChecked, l.signature_checked},
                     {k::kSignatureValid, l.signature_valid}});
  }
  return {{k::kOrder, pki::chain_order_name(order.kind)},
          {k::kLeafIndex, optional_json(order.leaf_index)},
          {k::kRootIncluded, order.root_included},
          {k::kRootIndices, order.root_indices},
          {k::kLinks, std::move(links)},
          {k::kBreaks, order.breaks},
          {k::kMissingIssuer, string_or_null(order.missing_issuer)}};
}

json pkcs12_json(const pki::Pkcs12Facts& f) {
  return {{k::kPasswordProtected, f.password_protected},
          {k::kMacPresent, f.mac_present},
          {k::kHasPrivateKey, f.has_private_key},
          {k::kKeyMatchesLeaf, optional_json(f.key_matches_leaf)},
          {k::kKeyCertificateIndex, optional_json(f.key_certificate_index)},
          {k::kLeafIndex, optional_json(f.leaf_index)},
          {k::kCarriesChain, f.carries_chain},
          {k::kCertificateCount, f.certificate_count},
          {k::kFriendlyName, string_or_null(f.friendly_name)}};
}

json file_json(const InspectedFile& file, pki::UnixTime at) {
  json out;
  out[k::kPath] = file.path;
  out[k::kError] = file.loaded ? json(nullptr) : json(file.error);
  json certs = json::array();
  if (!file.loaded) {
    out[k::kContainer] = nullptr;
    out[k::kEncoding] = nullptr;
    out[k::kCertificates] = std::move(certs);
    out[k::kChain] = nullptr;
    out[k::kPkcs12] = nullptr;
    out[k::kCsr] = nullptr;
    out[k::kNotes] = json::array();
    return out;
  }
  const pki::LoadedFile& loaded = *file.loaded;
  out[k::kContainer] = pki::container_name(loaded.container);
  out[k::kEncoding] = pki::encoding_name(loaded.encoding);
  for (std::size_t i = 0; i < loaded.certificates.size(); ++i) {
    certs.push_back(certificate_json(*loaded.certificates[i], i, at));
  }
  out[k::kCertificates] = std::move(certs);
  out[k::kChain] = file.chain ? chain_json(*file.chain) : json(nullptr);
  out[k::kPkcs12] = loaded.pkcs12 ? pkcs12_json(*loaded.pkcs12) : json(nullptr);
  out[k::kCsr] = loaded.csr ? csr_json(*loaded.csr) : json(nullptr);
  out[k::kNotes] = loaded.notes;
  return out;
}

}  // namespace

json certificate_json(const pki::Certificate& c, std::size_t index, pki::UnixTime at) {
  json out;
  out[k::kIndex] = index;
  out[k::kVersion] = c.version;
  out[k::kSubject] = name_json(c.subject);
  out[k::kIssuer] = name_json(c.issuer);
  out[k::kSerial] = c.serial_hex;
  out[k::kNotBefore] = pki::format_time(c.not_before);
  out[k::kNotAfter] = pki::format_time(c.not_after);
  out[k::kDaysRemaining] = days_remaining(at, c.not_after);
  out[k::kValidity] = validity_at(c, at);
  out[k::kSubjectAltNames] = general_names_json(c.subject_alt_names);
  out[k::kSubjectAltNamesCritical] = c.san_critical;
  out[k::kPublicKey] = public_key_json(c.public_key);
  out[k::kSignatureAlgorithm] = signature_json(c.signature_algorithm);
  out[k::kKeyUsage] = key_usage_json(c.key_usage);
  out[k::kExtendedKeyUsage] = eku_json(c.extended_key_usage);
  out[k::kBasicConstraints] = {{k::kPresent, c.basic_constraints.present},
                               {k::kCritical, c.basic_constraints.critical},
                               {k::kCa, c.basic_constraints.ca},
                               {k::kPathLength, optional_json(c.basic_constraints.path_len)}};
  out[k::kSubjectKeyId] = c.subject_key_id.empty() ? json(nullptr) : json(hex(c.subject_key_id));
  out[k::kAuthorityKeyId] = c.authority_key_id.empty() ? json(nullptr) : json(hex(c.authority_key_id));
  out[k::kAuthorityInfoAccess] = {{k::kOcsp, c.authority_info_access.ocsp},
                                  {k::kCaIssuers, c.authority_info_access.ca_issuers}};
  out[k::kCrlDistributionPoints] = c.crl_distribution_points;
  json policies = json::array();
  for (const pki::PolicyInformation& p : c.policies) policies.push_back({{k::kOid, p.oid}, {k::kCps, p.cps_uris}});
  out[k::kCertificatePolicies] = std::move(policies);
  out[k::kSctList] = c.has_sct_list;
  out[k::kSelfIssued] = c.self_issued;
  out[k::kSelfSigned] = c.self_signed();
  out[k::kIsCa] = c.is_ca();
  out[k::kThumbprints] = {{k::kSha1, c.sha1_thumbprint}, {k::kSha256, c.sha256_thumbprint}};
  out[k::kExtensions] = extensions_json(c.extensions);
  json notes = json::array();
  for (const pki::DecodeNote& n : c.decode_notes) notes.push_back({{k::kId, n.id}, {k::kDetail, n.detail}});
  out[k::kDecodeNotes] = std::move(notes);
  return out;
}

json csr_json(const pki::CsrView& csr) {
  json out;
  out[k::kVersion] = csr.version;
  out[k::kSubject] = name_json(csr.subject);
  out[k::kRequestedSubjectAltNames] = general_names_json(csr.requested_sans);
  out[k::kRequestedKeyUsage] = key_usage_json(csr.requested_key_usage);
  out[k::kRequestedExtendedKeyUsage] = eku_json(csr.requested_extended_key_usage);
  out[k::kRequestedExtensions] = extensions_json(csr.requested_extensions);
  out[k::kPublicKey] = public_key_json(csr.public_key);
  out[k::kSignatureAlgorithm] = signature_json(csr.signature_algorithm);
  out[k::kSignatureValid] = csr.signature_valid;
  out[k::kSignatureError] = string_or_null(csr.signature_error);
  out[k::kSha256] = csr.sha256;
  return out;
}

json inspect_json(const InspectReport& report) {
  json files = json::array();
  for (const InspectedFile& f : report.files) files.push_back(file_json(f, report.at));
  json out;
  out[k::kSchema] = k::kSchemaVersion;
  out[k::kCommand] = "inspect";
  out[k::kAt] = pki::format_time(report.at);
  out[k::kFiles] = std::move(files);
  return out;
}

std::string render_inspect_json(const InspectReport& report) { return json_text(inspect_json(report)); }

}  // namespace uccert::report
