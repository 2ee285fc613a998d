// Holding Certificate::from_der to the decoder it replaced (Certificate::from_der_reference:
// d2i_X509 and OpenSSL's own caches). For tests and fuzzing: tests/pki/certificate_reference_test
// runs it over every x509-limbo certificate, fuzz/fuzz_certificate_reference over mutated ones.
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/certificate.h"

namespace uccert::pki {

// Every field of the view, one "name: value" line each, in a fixed order; bytes in hex. Includes
// what is computed on demand: self_signed(), whether public_key_handle() and x509() are non-null.
std::string describe_view(const Certificate& c);

// The lines of describe_view that differ ("field: expected -> actual"); empty when equal.
std::vector<std::string> view_differences(const Certificate& expected, const Certificate& actual);

}  // namespace uccert::pki
