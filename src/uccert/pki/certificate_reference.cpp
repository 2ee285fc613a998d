// The reference decoder (d2i_X509, then the view filled from the X509 with OpenSSL's own answers
// for the key, the PSS digest and the extensions) and the field-by-field comparison of two views.
#include "uccert/pki/certificate_reference.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <limits>
#include <sstream>
#include <utility>

#include "uccert/pki/certificate_decode.h"
#include "uccert/pki/certificate_impl.h"
#include "uccert/pki/handles.h"
#include "uccert/pki/x509_fields.h"

namespace uccert::pki {

namespace {

constexpr const char* kExtensionsInvalid = "encoding.extensions-invalid";

// What the replaced decoder read from the X509's caches instead of from the parts.
void take_openssl_verdicts(Certificate& c, X509* x) {
  const bool extensions_invalid = (X509_get_extension_flags(x) & EXFLAG_INVALID) != 0;
  // X509_get_signature_info answers nothing for a certificate whose extensions OpenSSL calls
  // invalid, so the replaced view lost the PSS digest of such a certificate; the new view reads
  // it from the parameters all the same. There the reference keeps the new view's digest.
  if (c.signature_algorithm.pss && !extensions_invalid) {
    int mdnid = NID_undef, pknid = NID_undef, secbits = 0;
    uint32_t flags = 0;
    c.signature_algorithm.digest.clear();
    if (X509_get_signature_info(x, &mdnid, &pknid, &secbits, &flags) == 1)
      c.signature_algorithm.digest = certificate_decode::digest_name(mdnid);
    if (c.tbs_signature_algorithm.pss) c.tbs_signature_algorithm.digest = c.signature_algorithm.digest;
  }
  // The note is the last one the fill writes: replaced by OpenSSL's EXFLAG_INVALID.
  if (!c.decode_notes.empty() && c.decode_notes.back().id == kExtensionsInvalid) c.decode_notes.pop_back();
  if (extensions_invalid)
    c.decode_notes.push_back({kExtensionsInvalid, "OpenSSL flags the extensions as invalid"});
  ERR_clear_error();
}

std::string hex(const Bytes& b) { return x509_fields::hex_upper(b.data(), b.size()); }

void general_names(std::ostream& o, const char* what, const std::vector<GeneralName>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto& g = names[i];
    o << what << "[" << i << "]: " << static_cast<int>(g.type) << " " << g.value << " raw=" << hex(g.raw)
      << " other=" << g.other_name_oid << "\n";
    for (const auto& r : g.canonical_rdns) o << what << "[" << i << "].rdn: " << hex(r) << "\n";
  }
}

void name(std::ostream& o, const char* what, const DistinguishedName& n) {
  o << what << ".text: " << n.text << "\n" << what << ".der: " << hex(n.der) << "\n"
    << what << ".canonical: " << hex(n.canonical) << "\n";
  for (const auto& a : n.attributes) o << what << ".attribute: " << a.oid << " " << a.short_name << " " << a.value << "\n";
  for (const auto& r : n.canonical_rdns) o << what << ".rdn: " << hex(r) << "\n";
}

void sigalg(std::ostream& o, const char* what, const SignatureAlgorithm& s) {
  o << what << ": " << s.oid << " " << s.name << " digest=" << s.digest << " pss=" << s.pss << "\n";
}

template <class T>
std::string optional_text(const std::optional<T>& v) {
  return v ? std::to_string(*v) : std::string("none");
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

Result<CertificatePtr> Certificate::from_der_reference(std::span<const std::uint8_t> der) {
  if (der.empty()) return Error{"empty certificate"};
  if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) return Error{"certificate too large"};
  ERR_clear_error();
  const unsigned char* p = der.data();
  X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x) {
    std::string why = drain_openssl_errors();
    return Error{"not a DER X.509 certificate" + (why.empty() ? std::string() : ": " + why)};
  }
  auto consumed = static_cast<std::size_t>(p - der.data());
  std::shared_ptr<Certificate> c(new Certificate());
  c->der_.assign(der.data(), der.data() + consumed);
  if (consumed != der.size())
    c->decode_notes.push_back(
        {"encoding.trailing-data", std::to_string(der.size() - consumed) + " bytes after the certificate"});
  c->impl_->x509 = std::move(x);
  c->impl_->x509_given = true;
  c->fill_from_x509();
  take_openssl_verdicts(*c, c->impl_->x509.get());
  return CertificatePtr(std::move(c));
}

std::string describe_view(const Certificate& c) {
  std::ostringstream o;
  o << "der: " << hex(c.der()) << "\n";
  o << "version: " << c.version << "\nserial: " << hex(c.serial) << "\nserial_hex: " << c.serial_hex << "\n";
  name(o, "subject", c.subject);
  name(o, "issuer", c.issuer);
  for (const auto& cn : c.subject_common_names) o << "subject_common_name: " << cn << "\n";
  for (const auto& e : c.subject_emails) o << "subject_email: " << e << "\n";
  o << "not_before: " << c.not_before << "\nnot_after: " << c.not_after << "\n";
  general_names(o, "subject_alt_name", c.subject_alt_names);
  o << "has_san_extension: " << c.has_san_extension << "\nsan_critical: " << c.san_critical << "\n";
  o << "public_key: " << c.public_key.algorithm << " bits=" << c.public_key.bits << " curve=" << c.public_key.curve
    << " decodable=" << c.public_key.decodable << "\npublic_key.spki: " << hex(c.public_key.spki) << "\n";
  sigalg(o, "signature_algorithm", c.signature_algorithm);
  sigalg(o, "tbs_signature_algorithm", c.tbs_signature_algorithm);
  o << "key_usage: " << c.key_usage.present << " " << c.key_usage.critical << " " << c.key_usage.bits << "\n";
  o << "extended_key_usage: " << c.extended_key_usage.present << " " << c.extended_key_usage.critical << "\n";
  for (std::size_t i = 0; i < c.extended_key_usage.oids.size(); ++i)
    o << "extended_key_usage.oid: " << c.extended_key_usage.oids[i] << " " << c.extended_key_usage.names[i] << "\n";
  o << "basic_constraints: " << c.basic_constraints.present << " " << c.basic_constraints.critical << " "
    << c.basic_constraints.ca << " " << optional_text(c.basic_constraints.path_len) << "\n";
  o << "name_constraints: " << c.name_constraints.present << " " << c.name_constraints.critical << " "
    << c.name_constraints.has_min_max << "\n";
  general_names(o, "name_constraints.permitted", c.name_constraints.permitted);
  general_names(o, "name_constraints.excluded", c.name_constraints.excluded);
  o << "subject_key_id: " << hex(c.subject_key_id) << "\nauthority_key_id: " << hex(c.authority_key_id) << " "
    << c.has_authority_key_id << " " << c.authority_key_id_critical << " " << c.authority_key_id_has_issuer_serial
    << "\n";
  for (const auto& u : c.authority_info_access.ocsp) o << "ocsp: " << u << "\n";
  for (const auto& u : c.authority_info_access.ca_issuers) o << "ca_issuers: " << u << "\n";
  for (const auto& u : c.crl_distribution_points) o << "crl_distribution_point: " << u << "\n";
  for (const auto& p : c.policies) {
    o << "policy: " << p.oid << "\n";
    for (const auto& u : p.cps_uris) o << "policy.cps: " << u << "\n";
  }
  o << "policy_constraints: " << c.policy_constraints.present << " " << c.policy_constraints.critical << " "
    << optional_text(c.policy_constraints.require_explicit_policy) << " "
    << optional_text(c.policy_constraints.inhibit_policy_mapping) << "\n";
  for (const auto& m : c.policy_mappings)
    o << "policy_mapping: " << m.issuer_domain_policy << " " << m.subject_domain_policy << "\n";
  o << "inhibit_any_policy: " << optional_text(c.inhibit_any_policy) << "\nhas_sct_list: " << c.has_sct_list << "\n";
  for (const auto& e : c.extensions)
    o << "extension: " << e.oid << " " << e.name << " " << e.critical << " " << hex(e.value) << "\n";
  for (const auto& n : c.decode_notes) o << "decode_note: " << n.id << " " << n.detail << "\n";
  o << "self_issued: " << c.self_issued << "\nself_signed: " << c.self_signed() << "\n";
  o << "sha1: " << c.sha1_thumbprint << "\nsha256: " << c.sha256_thumbprint << "\nder_sha256: " << hex(c.der_sha256)
    << "\n";
  o << "public_key_handle: " << (c.public_key_handle() != nullptr) << "\nx509: " << (c.x509() != nullptr) << "\n";
  return o.str();
}

std::vector<std::string> view_differences(const Certificate& expected, const Certificate& actual) {
  const auto a = lines_of(describe_view(expected));
  const auto b = lines_of(describe_view(actual));
  std::vector<std::string> out;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& x = i < a.size() ? a[i] : std::string("(none)");
    const std::string& y = i < b.size() ? b[i] : std::string("(none)");
    if (x != y) out.push_back(x + "  ->  " + y);
  }
  return out;
}

}  // namespace uccert::pki
