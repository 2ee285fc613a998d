// The rules `csr --check` applies to a certificate request made elsewhere (the Certificate
// Wizard, IIS, certreq) before a CA signs it and it is paid for: the names against the plan,
// wildcard use, the SAN order strict devices need, the key, the EKU. The same findings a chain
// would get once issued, said of the request (ids `csr.*`, listed by `uccert rules`).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "uccert/pki/csr.h"
#include "uccert/rules/finding.h"
#include "uccert/rules/rule.h"

namespace uccert::rules {

struct RequestPlan {
  // The names the certificate must carry (--name, or a topology's plan); empty: not compared.
  std::vector<std::string> names;
};

std::span<const RuleDescriptor> request_rules();

// Every finding about `csr` (its signature is checked by the caller: a request that does not
// verify is not judged). Findings concern no particular client profile (`profiles` empty): the
// message names the clients.
Findings check_request(const pki::CsrView& csr, const RequestPlan& plan);

}  // namespace uccert::rules
