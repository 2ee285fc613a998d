// RFC 5280 4.2.1.10 / 6.1.3 (b)(c): the nameConstraints of one CA certificate applied to every
// certificate below it in a path. Every violating name is reported (not only the first).
// Matching follows the semantics shared by NSS, SChannel and rustls-webpki: a dNSName
// constraint covers itself and its subdomains by whole labels, a leading "." covers subdomains
// only, "" covers everything; a wildcard SAN is tested against what it could stand for.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/verify/budget.h"
#include "uccert/verify/problem.h"
#include "uccert/verify/verify.h"

namespace uccert::verify {

enum class ConstraintMatch { kMatch, kNoMatch, kMalformedName, kMalformedConstraint };

// The matchers, exposed for table tests.
enum class Subtree { kPermitted, kExcluded };
// A wildcard name is permitted only when every name it stands for is, and excluded when any
// of them is (CVE-2025-61727).
ConstraintMatch dns_name_matches_constraint(std::string_view name, std::string_view constraint, Subtree subtree);
ConstraintMatch ip_matches_constraint(const pki::Bytes& address, const pki::Bytes& address_and_mask);
ConstraintMatch email_matches_constraint(std::string_view mailbox, std::string_view constraint);
ConstraintMatch uri_matches_constraint(std::string_view uri, std::string_view constraint);
ConstraintMatch directory_name_matches_constraint(const std::vector<pki::Bytes>& name_rdns,
                                                  const std::vector<pki::Bytes>& constraint_rdns);
// rustls-webpki's is_valid_dns_id for presented identifiers (wildcards allowed in the first label).
bool is_valid_presented_dns_name(std::string_view name);

// Applies path[constrainer]'s nameConstraints to path[0 .. constrainer-1], skipping self-issued
// intermediates (RFC 5280 6.1.3 (b)). `strict`: a dNSName constraint with a leading "." is
// malformed (RFC 5280 allows it for URIs only) instead of meaning "subdomains only"; problems are recorded at the offending certificate's index.
// Returns false when the budget ran out.
bool check_name_constraints(const std::vector<pki::CertificatePtr>& path, std::size_t constrainer,
                            CnConstraints cn, bool strict, Budget& budget, Problems& out);

}  // namespace uccert::verify
