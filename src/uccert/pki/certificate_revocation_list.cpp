#include "uccert/pki/certificate_revocation_list.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <limits>

#include "uccert/pki/handles.h"
#include "uccert/pki/pem.h"
#include "uccert/pki/x509_fields.h"

namespace uccert::pki {

namespace {

std::optional<UnixTime> crl_time(const ASN1_TIME* t) {
  if (t == nullptr) return std::nullopt;
  // Reuse the certificate decoder's conversion through RFC 3339 text: ASN1_TIME_to_tm covers
  // both UTCTime and GeneralizedTime.
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return parse_time(buf);
}

DistinguishedName name_of(const X509_NAME* n) {
  DistinguishedName dn;
  if (n == nullptr) return dn;
  dn.text = x509_fields::decode_name(n).text;  // for messages; the comparison uses `canonical` below
  unsigned char* out = nullptr;
  int len = i2d_X509_NAME(n, &out);
  if (len > 0 && out != nullptr) {
    dn.der.assign(out, out + len);
    OPENSSL_free(out);
    if (auto rdns = canonical_rdns_of(dn.der)) {
      dn.canonical_rdns = *rdns;
      for (const auto& r : dn.canonical_rdns) {
        const auto size = static_cast<std::uint32_t>(r.size());
        for (int sh = 24; sh >= 0; sh -= 8) dn.canonical.push_back(static_cast<std::uint8_t>((size >> sh) & 0xFF));
        dn.canonical.insert(dn.canonical.end(), r.begin(), r.end());
      }
    }
  }
  ERR_clear_error();
  return dn;
}

}  // namespace

std::string revocation_reason_text(long code) {
  static constexpr const char* kReasons[] = {"unspecified",          "keyCompromise",       "cACompromise",
                                             "affiliationChanged",   "superseded",          "cessationOfOperation",
                                             "certificateHold",      "",                    "removeFromCRL",
                                             "privilegeWithdrawn",   "aACompromise"};
  if (code < 0 || code >= static_cast<long>(std::size(kReasons))) return "";
  return kReasons[code];
}

struct CertificateRevocationList::Impl {
  X509CrlPtr crl;
};

CertificateRevocationList::CertificateRevocationList() : impl_(std::make_unique<Impl>()) {}
CertificateRevocationList::~CertificateRevocationList() = default;

Result<CrlPtr> CertificateRevocationList::from_der(std::span<const std::uint8_t> der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max()))
    return Error{"empty CRL"};
  const unsigned char* p = der.data();
  X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
  if (!crl) return Error{"not a DER X.509 CRL: " + drain_openssl_errors()};
  std::shared_ptr<CertificateRevocationList> out(new CertificateRevocationList());
  out->issuer = name_of(X509_CRL_get_issuer(crl.get()));
  out->this_update = crl_time(X509_CRL_get0_lastUpdate(crl.get())).value_or(0);
  out->next_update = crl_time(X509_CRL_get0_nextUpdate(crl.get()));
  const int idx = X509_CRL_get_ext_by_NID(crl.get(), NID_crl_number, -1);
  out->has_crl_number = idx >= 0;
  if (idx >= 0) {
    X509_EXTENSION* e = X509_CRL_get_ext(crl.get(), idx);
    out->crl_number_critical = e != nullptr && X509_EXTENSION_get_critical(e) != 0;
  }
  for (int i = 0; i < X509_CRL_get_ext_count(crl.get()); ++i) {
    X509_EXTENSION* e = X509_CRL_get_ext(crl.get(), i);
    if (e == nullptr || X509_EXTENSION_get_critical(e) == 0) continue;
    const int nid = OBJ_obj2nid(X509_EXTENSION_get_object(e));
    if (nid == NID_crl_number || nid == NID_authority_key_identifier || nid == NID_delta_crl ||
        nid == NID_issuing_distribution_point)
      continue;
    char buf[128];
    OBJ_obj2txt(buf, sizeof buf, X509_EXTENSION_get_object(e), 1);
    out->unknown_critical_extensions.emplace_back(buf);
  }
  const STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
  out->revoked_count = revoked != nullptr ? static_cast<std::size_t>(sk_X509_REVOKED_num(revoked)) : 0;
  out->der_size = der.size();
  out->impl_->crl = std::move(crl);
  ERR_clear_error();
  return CrlPtr(std::move(out));
}

Result<CrlPtr> CertificateRevocationList::from_bytes(std::span<const std::uint8_t> data) {
  const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
  if (text.find("-----BEGIN X509 CRL-----") == std::string_view::npos) return from_der(data);
  auto blocks = parse_pem(text);
  if (!blocks) return Error{"not a PEM X.509 CRL: " + blocks.error().message};
  for (const auto& b : *blocks)
    if (b.label == "X509 CRL") return from_der(b.der);
  return Error{"no X509 CRL block in the PEM"};
}

std::optional<RevokedEntry> CertificateRevocationList::entry_for(const Certificate& cert) const {
  X509_REVOKED* rev = nullptr;
  const int r = X509_CRL_get0_by_cert(impl_->crl.get(), &rev, cert.x509());
  ERR_clear_error();
  if (r != 1 || rev == nullptr) return std::nullopt;
  RevokedEntry e;
  e.revoked_at = crl_time(X509_REVOKED_get0_revocationDate(rev)).value_or(0);
  int crit = 0;
  if (auto* code = static_cast<ASN1_ENUMERATED*>(X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, &crit, nullptr))) {
    e.reason = revocation_reason_text(ASN1_ENUMERATED_get(code));
    ASN1_ENUMERATED_free(code);
  }
  ERR_clear_error();
  return e;
}

bool CertificateRevocationList::lists(const Certificate& cert) const {
  X509_REVOKED* rev = nullptr;
  const int r = X509_CRL_get0_by_cert(impl_->crl.get(), &rev, cert.x509());
  ERR_clear_error();
  return r == 1;  // 2 would be removeFromCRL: not revoked
}

SignatureCheck CertificateRevocationList::verify_signature(const Certificate& issuer_cert) const {
  SignatureCheck out;
  EVP_PKEY* k = issuer_cert.public_key_handle();
  if (k == nullptr) {
    out.error = "issuer key undecodable";
    return out;
  }
  if (X509_CRL_verify(impl_->crl.get(), k) == 1) {
    out.valid = true;
  } else {
    out.error = "CRL signature does not verify";
    const std::string why = drain_openssl_errors();
    if (!why.empty()) out.error += " (" + why + ")";
  }
  return out;
}

}  // namespace uccert::pki
