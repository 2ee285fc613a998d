#include "uccert/pki/ocsp_response.h"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include <limits>

#include "uccert/pki/certificate_revocation_list.h"
#include "uccert/pki/handles.h"
#include "uccert/pki/time.h"

namespace uccert::pki {

namespace {

using OcspBasicPtr = OpenSslPtr<OCSP_BASICRESP, OCSP_BASICRESP_free>;
using OcspCertIdPtr = OpenSslPtr<OCSP_CERTID, OCSP_CERTID_free>;
using OcspRequestPtr = OpenSslPtr<OCSP_REQUEST, OCSP_REQUEST_free>;

void free_borrowed_stack(STACK_OF(X509) * s) noexcept { sk_X509_free(s); }
using BorrowedX509Stack = OpenSslPtr<STACK_OF(X509), free_borrowed_stack>;

std::optional<UnixTime> to_unix(const ASN1_GENERALIZEDTIME* t) {
  if (t == nullptr) return std::nullopt;
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  return unix_time_of(static_cast<std::int64_t>(tm.tm_year) + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                      static_cast<unsigned>(tm.tm_mday), static_cast<unsigned>(tm.tm_hour),
                      static_cast<unsigned>(tm.tm_min), static_cast<unsigned>(tm.tm_sec));
}

std::string status_text(int status) {
  switch (status) {
    case OCSP_RESPONSE_STATUS_SUCCESSFUL: return "successful";
    case OCSP_RESPONSE_STATUS_MALFORMEDREQUEST: return "malformedRequest";
    case OCSP_RESPONSE_STATUS_INTERNALERROR: return "internalError";
    case OCSP_RESPONSE_STATUS_TRYLATER: return "tryLater";
    case OCSP_RESPONSE_STATUS_SIGREQUIRED: return "sigRequired";
    case OCSP_RESPONSE_STATUS_UNAUTHORIZED: return "unauthorized";
    default: return "status " + std::to_string(status);
  }
}

}  // namespace

struct OcspResponse::Impl {
  OcspResponsePtr response;
  OcspBasicPtr basic;  // successful responses only
};

OcspResponse::OcspResponse() : impl_(std::make_unique<Impl>()) {}
OcspResponse::~OcspResponse() = default;

Result<OcspPtr> OcspResponse::from_der(std::span<const std::uint8_t> der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max()))
    return Error{"empty OCSP response"};
  const unsigned char* p = der.data();
  OcspResponsePtr resp(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
  if (!resp || p != der.data() + der.size()) {
    ERR_clear_error();
    return Error{"not a DER OCSP response"};
  }
  std::shared_ptr<OcspResponse> out(new OcspResponse());
  out->response_status = status_text(OCSP_response_status(resp.get()));
  out->der_size = der.size();
  if (out->successful()) {
    out->impl_->basic.reset(OCSP_response_get1_basic(resp.get()));
    if (!out->impl_->basic) {
      ERR_clear_error();
      return Error{"an OCSP response without a basic response"};
    }
  }
  out->impl_->response = std::move(resp);
  ERR_clear_error();
  return OcspPtr(std::move(out));
}

std::optional<OcspSingle> OcspResponse::status_for(const Certificate& cert, const Certificate& issuer) const {
  if (!impl_->basic) return std::nullopt;
  for (const EVP_MD* md : {EVP_sha1(), EVP_sha256()}) {
    OcspCertIdPtr id(OCSP_cert_to_id(md, cert.x509(), issuer.x509()));
    if (!id) continue;
    int status = -1, reason = -1;
    ASN1_GENERALIZEDTIME *rev = nullptr, *thisupd = nullptr, *nextupd = nullptr;
    if (OCSP_resp_find_status(impl_->basic.get(), id.get(), &status, &reason, &rev, &thisupd, &nextupd) != 1) continue;
    OcspSingle s;
    s.status = status == V_OCSP_CERTSTATUS_GOOD      ? OcspCertStatus::kGood
               : status == V_OCSP_CERTSTATUS_REVOKED ? OcspCertStatus::kRevoked
                                                     : OcspCertStatus::kUnknown;
    s.this_update = to_unix(thisupd).value_or(0);
    s.next_update = to_unix(nextupd);
    if (s.status == OcspCertStatus::kRevoked) {
      s.revoked_at = to_unix(rev).value_or(0);
      if (reason >= 0) s.reason = revocation_reason_text(reason);
    }
    ERR_clear_error();
    return s;
  }
  ERR_clear_error();
  return std::nullopt;
}

SignatureCheck OcspResponse::verify_signature(const Certificate& issuer, UnixTime at) const {
  SignatureCheck out;
  if (!impl_->basic) {
    out.error = "the response is not successful (" + response_status + ")";
    return out;
  }
  X509StorePtr store(X509_STORE_new());
  BorrowedX509Stack certs(sk_X509_new_null());
  if (!store || !certs || X509_STORE_add_cert(store.get(), issuer.x509()) != 1 ||
      sk_X509_push(certs.get(), issuer.x509()) <= 0) {
    ERR_clear_error();
    out.error = "out of memory";
    return out;
  }
  X509_VERIFY_PARAM* param = X509_STORE_get0_param(store.get());
  // The issuer is the anchor whatever its own issuer; a delegated responder is checked at `at`.
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(at));
  // TRUSTOTHER: the issuer itself may sign; NOEXPLICIT: the issuer needs no OCSP-signing trust
  // setting of its own (it is not a root).
  if (OCSP_basic_verify(impl_->basic.get(), certs.get(), store.get(), OCSP_TRUSTOTHER | OCSP_NOEXPLICIT) == 1) {
    out.valid = true;
  } else {
    out.error = "the OCSP response is not signed by the issuer or a responder it authorised";
    const std::string why = drain_openssl_errors();
    if (!why.empty()) out.error += " (" + why + ")";
  }
  ERR_clear_error();
  return out;
}

bool ocsp_fresh(const OcspSingle& s, UnixTime at) {
  constexpr UnixTime kSkew = 5 * 60;
  if (s.this_update > at + kSkew) return false;
  if (s.next_update) return at <= *s.next_update + kSkew;
  return at <= s.this_update + 24 * 3600;
}

Result<Bytes> make_ocsp_request(const Certificate& cert, const Certificate& issuer) {
  OcspRequestPtr req(OCSP_REQUEST_new());
  OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert.x509(), issuer.x509());
  if (!req || id == nullptr) {
    OCSP_CERTID_free(id);
    return Error{"cannot make an OCSP request: " + drain_openssl_errors()};
  }
  if (OCSP_request_add0_id(req.get(), id) == nullptr) {  // takes `id` on success
    OCSP_CERTID_free(id);
    return Error{"cannot make an OCSP request: " + drain_openssl_errors()};
  }
  unsigned char* der = nullptr;
  const int len = i2d_OCSP_REQUEST(req.get(), &der);
  if (len <= 0 || der == nullptr) return Error{"cannot encode the OCSP request: " + drain_openssl_errors()};
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

}  // namespace uccert::pki
