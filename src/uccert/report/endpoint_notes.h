// What a live endpoint said, one line each, for a report's notes: address, SNI, TLS version and
// cipher, OCSP stapling, the application's answer (SIP status and ms-diagnostics decoded, SMTP,
// HTTP), client-certificate facts, and a different certificate without SNI.
#pragma once

#include <string>
#include <vector>

#include "uccert/evidence/evidence.h"

namespace uccert::report {

std::vector<std::string> endpoint_notes(const evidence::EndpointFacts& facts);

}  // namespace uccert::report
