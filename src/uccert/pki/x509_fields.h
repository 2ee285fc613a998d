// Decoders of X.509 building blocks shared by the certificate view and the CSR view, so a name,
// a general name or an OID reads the same wherever it appears. Private to pki/.
#pragma once

#include <openssl/x509v3.h>

#include <string>
#include <vector>

#include "uccert/pki/asn1_text.h"
#include "uccert/pki/certificate.h"

namespace uccert::pki::x509_fields {

// names_decode.cpp
DistinguishedName decode_name(const X509_NAME* name);
// One canonical encoding per RDN, as DistinguishedName::canonical_rdns.
std::vector<Bytes> canonical_rdns_of_name(const X509_NAME* name);
// Appends a 4-byte big-endian length, then `v`: canonical forms are concatenations of these.
void append_len_prefixed(Bytes& out, const Bytes& v);

// general_name.cpp
// `in_constraint`: an IP entry is address + mask (name constraints), printed as a prefix.
GeneralName decode_general_name(const GENERAL_NAME* g, bool in_constraint);
// "DNS:host", "IP:192.0.2.1", "email:a@b", "DirName:CN=..."; a URI as itself.
std::string general_name_text(const GeneralName& g);

}  // namespace uccert::pki::x509_fields
