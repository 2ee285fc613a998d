// An OCSP response (RFC 6960) as uccert reads it: fetched from a responder, stapled in a TLS
// handshake, or given with --ocsp-response. What it says about one certificate, whether the
// certificate's issuer (or a responder it delegated with id-kp-OCSPSigning) signed it, and the
// request that asks a responder about a certificate. OpenSSL's OCSP API underneath.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"

namespace uccert::pki {

enum class OcspCertStatus { kGood, kRevoked, kUnknown };

// One SingleResponse: the status of one certificate.
struct OcspSingle {
  OcspCertStatus status = OcspCertStatus::kUnknown;
  UnixTime this_update = 0;
  std::optional<UnixTime> next_update;
  UnixTime revoked_at = 0;  // kRevoked
  std::string reason;       // kRevoked: "keyCompromise", ... ("" when none given)
};

class OcspResponse {
 public:
  static Result<std::shared_ptr<const OcspResponse>> from_der(std::span<const std::uint8_t> der);
  ~OcspResponse();
  OcspResponse(const OcspResponse&) = delete;
  OcspResponse& operator=(const OcspResponse&) = delete;

  // "successful", "malformedRequest", "internalError", "tryLater", "sigRequired", "unauthorized".
  std::string response_status;
  bool successful() const { return response_status == "successful"; }
  std::size_t der_size = 0;

  // What the response says about `cert` issued by `issuer` (a SHA-1 or SHA-256 CertID), or
  // nullopt when it says nothing about it.
  std::optional<OcspSingle> status_for(const Certificate& cert, const Certificate& issuer) const;
  // Signed by `issuer`, or by a responder certificate `issuer` issued with id-kp-OCSPSigning and
  // valid at `at`.
  SignatureCheck verify_signature(const Certificate& issuer, UnixTime at) const;

 private:
  OcspResponse();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

using OcspPtr = std::shared_ptr<const OcspResponse>;

// Fresh at `at`: thisUpdate no later than `at` (five minutes of clock skew allowed) and `at` not
// past nextUpdate; without nextUpdate, no older than a day (RFC 5019 2.2.4 leaves it to the client).
bool ocsp_fresh(const OcspSingle& single, UnixTime at);

// The DER OCSPRequest for `cert` issued by `issuer`: one SHA-1 CertID (RFC 5019), no nonce, so
// the answer can be cached and asked for with GET.
Result<Bytes> make_ocsp_request(const Certificate& cert, const Certificate& issuer);

}  // namespace uccert::pki
