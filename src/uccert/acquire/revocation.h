// Revocation data for every certificate the client may build through (the chain as sent and
// what AIA fetched): the CRL from each CRL distribution point (DER or PEM), and the answer of
// each OCSP responder (RFC 6960: GET when the request fits in a URL, as Windows and RFC 5019 do,
// else POST), through the fetch cache; the stapled response of a live endpoint; and CRLs and
// OCSP responses the administrator gives (`check --crl`, `--ocsp-response`). Every URL is
// recorded in Evidence::fetches with its outcome; the judge says what each status means to
// which client.
#pragma once

#include <string>
#include <vector>

#include "uccert/acquire/context.h"
#include "uccert/acquire/fetching.h"
#include "uccert/evidence/evidence.h"

namespace uccert::acquire {

// CDP URLs tried per certificate: Windows tries them in order until one answers.
inline constexpr std::size_t kMaxCdpUrls = 4;

// Fills evidence.crls, evidence.ocsp_responses and evidence.fetches; `known` are the run's other
// certificates (trust stores), where an issuer (needed for an OCSP request) may be. Runs the
// context's loop.
void fetch_revocation(AcquireContext& context, evidence::Evidence& evidence,
                      const std::vector<pki::CertificatePtr>& known, const FetchSettings& settings);

// The stapled response of a live endpoint, when there is one, joins evidence.ocsp_responses
// (an unreadable one is recorded as a failed "staple" fetch).
void take_staple(evidence::Evidence& evidence);

// Files given on the command line: a CRL (DER or PEM) or an OCSP response (DER) each. The error
// names the file.
Status add_crl_files(evidence::Evidence& evidence, const std::vector<std::string>& paths);
Status add_ocsp_files(evidence::Evidence& evidence, const std::vector<std::string>& paths);

// The GET form of an OCSP request (RFC 6960 A.1): base URL, "/", the request's base64 with
// "+", "/" and "=" percent-encoded.
std::string ocsp_get_url(const std::string& responder, const pki::Bytes& request);

}  // namespace uccert::acquire
