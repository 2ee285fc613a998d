// Decoders of X.509 building blocks shared by the certificate view and the CSR view, so a name,
// a general name or an OID reads the same wherever it appears.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <openssl/x509v3.h>

#include "uccert/pki/certificate.h"

namespace uccert::pki::x509_fields {

std::string hex_upper(const std::uint8_t* p, std::size_t n);
std::string oid_text(const ASN1_OBJECT* obj);           // dotted
std::string short_name_or_oid(const ASN1_OBJECT* obj);  // OpenSSL's short name, else dotted
DistinguishedName decode_name(const X509_NAME* name);
// `in_constraint`: an IP entry is address + mask (name constraints), printed as a prefix.
GeneralName decode_general_name(const GENERAL_NAME* g, bool in_constraint);

}  // namespace uccert::pki::x509_fields
