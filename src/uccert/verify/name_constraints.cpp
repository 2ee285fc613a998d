#include "uccert/verify/name_constraints.h"

#include <algorithm>
#include <set>
#include <string>

#include "uccert/verify/problem_ids.h"

namespace uccert::verify {

namespace {

using pki::GeneralName;
using pki::GeneralNameType;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

enum class IdRole { kPresented, kConstraint };

// RFC 5280 4.2.1.6 preferred name syntax (RFC 1034 3.5 as amended by RFC 1123 2.1), with "_"
// tolerated as browsers do. A presented id may start with a "*." label; a constraint may be ""
// or start with "."; neither may be absolute (end with ".").
bool is_valid_dns_id(std::string_view s, IdRole role, bool allow_wildcard) {
  if (s.size() > 253) return false;
  if (role == IdRole::kConstraint && s.empty()) return true;
  std::size_t i = 0;
  int dots = 0;
  int label_len = 0;
  bool all_numeric = false;
  bool ends_hyphen = false;
  const bool wildcard = allow_wildcard && !s.empty() && s[0] == '*';
  bool first = !wildcard;
  if (wildcard) {
    if (s.size() < 2 || s[1] != '.') return false;
    i = 2;
    dots = 1;
  }
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '-') {
      if (label_len == 0) return false;
      all_numeric = false;
      ends_hyphen = true;
      if (++label_len > 63) return false;
    } else if (c >= '0' && c <= '9') {
      if (label_len == 0) all_numeric = true;
      ends_hyphen = false;
      if (++label_len > 63) return false;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      all_numeric = false;
      ends_hyphen = false;
      if (++label_len > 63) return false;
    } else if (c == '.') {
      ++dots;
      if (label_len == 0 && (role != IdRole::kConstraint || !first)) return false;
      if (ends_hyphen) return false;
      label_len = 0;
    } else {
      return false;
    }
    first = false;
  }
  if (label_len == 0) return false;  // absolute
  if (ends_hyphen || all_numeric) return false;
  if (wildcard && dots + 1 < 3) return false;  // "*.a.b" at least: like NSS
  return true;
}

std::string type_name(GeneralNameType t) {
  switch (t) {
    case GeneralNameType::kDns: return "dNSName";
    case GeneralNameType::kIp: return "iPAddress";
    case GeneralNameType::kUri: return "uniformResourceIdentifier";
    case GeneralNameType::kEmail: return "rfc822Name";
    case GeneralNameType::kDirectoryName: return "directoryName";
    case GeneralNameType::kOther: return "otherName";
    case GeneralNameType::kRegisteredId: return "registeredID";
    case GeneralNameType::kX400: return "x400Address";
    case GeneralNameType::kEdiParty: return "ediPartyName";
  }
  return "name";
}

// Host part of a URI ("scheme://[userinfo@]host[:port]/..."); "" when there is none.
std::string_view uri_host(std::string_view uri) {
  auto scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view rest = uri.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return {};  // IP literal: not a host name
  rest = rest.substr(0, rest.find(':'));
  return rest;
}

// Host constraint shared by rfc822Name (without "@") and URI: "host" exact, ".domain" subdomains.
bool host_matches(std::string_view host, std::string_view constraint) {
  if (constraint.empty()) return true;
  if (constraint.front() == '.') {
    return host.size() > constraint.size() && iequals(host.substr(host.size() - constraint.size()), constraint);
  }
  return iequals(host, constraint);
}

struct Subject {
  GeneralName name;
  std::string origin;  // "subjectAltName", "subject", "subject CN", "subject emailAddress"
};

}  // namespace

bool is_valid_presented_dns_name(std::string_view name) { return is_valid_dns_id(name, IdRole::kPresented, true); }

ConstraintMatch dns_name_matches_constraint(std::string_view name, std::string_view constraint, Subtree subtree) {
  if (!is_valid_dns_id(name, IdRole::kPresented, true)) return ConstraintMatch::kMalformedName;
  if (!is_valid_dns_id(constraint, IdRole::kConstraint, false)) return ConstraintMatch::kMalformedConstraint;
  std::size_t p = 0, r = 0;
  if (name.size() > constraint.size()) {
    if (constraint.empty()) return ConstraintMatch::kMatch;
    if (constraint.front() == '.') {
      p = name.size() - constraint.size();  // compare from the presented name's dot
    } else {
      p = name.size() - constraint.size() - 1;  // whole labels only: the byte before must be a dot
      if (name[p] != '.') return ConstraintMatch::kNoMatch;
      ++p;
    }
  }
  // In an excluded subtree a wildcard label stands for any one label: it matches a constraint
  // label of any content. In a permitted subtree it is compared as the literal "*", so only a
  // constraint covering its whole parent domain permits it.
  if (subtree == Subtree::kExcluded && p < name.size() && name[p] == '*') {
    ++p;
    for (;;) {
      if (r >= constraint.size()) return ConstraintMatch::kNoMatch;
      ++r;
      if (r < constraint.size() && constraint[r] == '.') break;
    }
  }
  for (;;) {
    if (p >= name.size() || r >= constraint.size()) return ConstraintMatch::kNoMatch;
    char pb = name[p++];
    char rb = constraint[r++];
    if (lower(pb) != lower(rb)) return ConstraintMatch::kNoMatch;
    if (p == name.size()) {
      if (pb == '.') return ConstraintMatch::kMalformedName;
      break;
    }
  }
  return r == constraint.size() ? ConstraintMatch::kMatch : ConstraintMatch::kNoMatch;
}

ConstraintMatch ip_matches_constraint(const pki::Bytes& address, const pki::Bytes& constraint) {
  const std::size_t n = address.size(), c = constraint.size();
  if (n != 4 && n != 16) return ConstraintMatch::kMalformedName;
  if (c != 8 && c != 32) return ConstraintMatch::kMalformedConstraint;
  const std::size_t half = c / 2;
  // The mask must be a CIDR prefix (RFC 5280 4.2.1.10 cites RFC 4632).
  bool ended = false;
  for (std::size_t i = 0; i < half; ++i) {
    for (int b = 7; b >= 0; --b) {
      bool one = ((constraint[half + i] >> b) & 1) != 0;
      if (one && ended) return ConstraintMatch::kMalformedConstraint;
      if (!one) ended = true;
    }
  }
  if (n * 2 != c) return ConstraintMatch::kNoMatch;  // IPv4 never matches an IPv6 range, nor the reverse
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t mask = constraint[half + i];
    if ((address[i] & mask) != (constraint[i] & mask)) return ConstraintMatch::kNoMatch;
  }
  return ConstraintMatch::kMatch;
}

ConstraintMatch email_matches_constraint(std::string_view mailbox, std::string_view constraint) {
  // RFC 5280 4.2.1.6: an rfc822Name is a Mailbox (RFC 5321 4.1.2) with exactly one unquoted "@".
  auto at = mailbox.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == mailbox.size() ||
      mailbox.find('@', at + 1) != std::string_view::npos)
    return ConstraintMatch::kMalformedName;
  std::string_view local = mailbox.substr(0, at), host = mailbox.substr(at + 1);
  if (auto cat = constraint.find('@'); cat != std::string_view::npos) {
    if (cat == 0 || cat + 1 == constraint.size() || constraint.find('@', cat + 1) != std::string_view::npos)
      return ConstraintMatch::kMalformedConstraint;
    // A whole mailbox: every character literal ("*" too), the host compared without case.
    return constraint.substr(0, cat) == local && iequals(constraint.substr(cat + 1), host) ? ConstraintMatch::kMatch
                                                                                          : ConstraintMatch::kNoMatch;
  }
  return host_matches(host, constraint) ? ConstraintMatch::kMatch : ConstraintMatch::kNoMatch;
}

ConstraintMatch uri_matches_constraint(std::string_view uri, std::string_view constraint) {
  std::string_view host = uri_host(uri);
  if (host.empty()) return ConstraintMatch::kMalformedName;  // RFC 5280: a URI without a host cannot satisfy
  return host_matches(host, constraint) ? ConstraintMatch::kMatch : ConstraintMatch::kNoMatch;
}

ConstraintMatch directory_name_matches_constraint(const std::vector<pki::Bytes>& name_rdns,
                                                  const std::vector<pki::Bytes>& constraint_rdns) {
  if (constraint_rdns.size() > name_rdns.size()) return ConstraintMatch::kNoMatch;
  return std::equal(constraint_rdns.begin(), constraint_rdns.end(), name_rdns.begin()) ? ConstraintMatch::kMatch
                                                                                        : ConstraintMatch::kNoMatch;
}

namespace {

ConstraintMatch compare(const GeneralName& name, const GeneralName& constraint, Subtree subtree, bool strict) {
  switch (name.type) {
    case GeneralNameType::kDns:
      if (strict && !constraint.value.empty() && constraint.value.front() == '.') return ConstraintMatch::kMalformedConstraint;
      return dns_name_matches_constraint(name.value, constraint.value, subtree);
    case GeneralNameType::kIp: return ip_matches_constraint(name.raw, constraint.raw);
    case GeneralNameType::kEmail: return email_matches_constraint(name.value, constraint.value);
    case GeneralNameType::kUri: return uri_matches_constraint(name.value, constraint.value);
    case GeneralNameType::kDirectoryName:
      return directory_name_matches_constraint(name.canonical_rdns, constraint.canonical_rdns);
    default: return ConstraintMatch::kMalformedConstraint;  // not reached: filtered by the caller
  }
}

bool supported(GeneralNameType t) {
  return t == GeneralNameType::kDns || t == GeneralNameType::kIp || t == GeneralNameType::kEmail ||
         t == GeneralNameType::kUri || t == GeneralNameType::kDirectoryName;
}

}  // namespace

bool check_name_constraints(const std::vector<pki::CertificatePtr>& path, std::size_t constrainer, CnConstraints cn,
                            bool strict, Budget& budget, Problems& out) {
  if (constrainer >= path.size() || !path[constrainer]) return true;
  const pki::Certificate& ca = *path[constrainer];
  const pki::NameConstraints& nc = ca.name_constraints;
  if (!nc.present) return true;
  const int ca_index = static_cast<int>(constrainer);

  std::set<std::string> reported_constraints;
  auto malformed_constraint = [&](const GeneralName& c) {
    if (!reported_constraints.insert(c.value).second) return;
    out.push_back({std::string(problem::kNameConstraintsMalformedConstraint), ca_index,
                   "name constraint " + type_name(c.type) + " \"" + c.value + "\" is malformed",
                   {{"constraint", c.value}, {"type", type_name(c.type)}}, true});
  };

  for (std::size_t j = 0; j < constrainer; ++j) {
    const pki::Certificate& cert = *path[j];
    // RFC 5280 6.1.3 (b)/(c) run for every certificate but 6.1.4 (b) skips self-issued
    // intermediates: their names are the CA's own, not a delegated one.
    if (j > 0 && cert.self_issued) continue;
    const int idx = static_cast<int>(j);

    std::vector<Subject> names;
    for (const auto& g : cert.subject_alt_names) names.push_back({g, "subjectAltName"});
    if (!cert.subject.empty()) {
      GeneralName dn;
      dn.type = GeneralNameType::kDirectoryName;
      dn.value = cert.subject.text;
      dn.canonical_rdns = cert.subject.canonical_rdns;
      names.push_back({std::move(dn), "subject"});
    }
    for (const auto& e : cert.subject_emails) {
      GeneralName g;
      g.type = GeneralNameType::kEmail;
      g.value = e;
      names.push_back({std::move(g), "subject emailAddress"});
    }
    const bool use_cn = j == 0 && (cn == CnConstraints::kAlways ||
                                   (cn == CnConstraints::kWhenNoSan && !cert.has_san_extension));
    if (use_cn) {
      for (const auto& c : cert.subject_common_names) {
        if (!is_valid_presented_dns_name(c)) continue;  // not a host name: nothing to constrain
        GeneralName g;
        g.type = GeneralNameType::kDns;
        g.value = c;
        names.push_back({std::move(g), "subject CN"});
      }
    }

    for (const auto& subject : names) {
      const GeneralName& name = subject.name;
      if (!supported(name.type)) {
        // Unsupported form: reject only when the CA constrains that form (RFC 5280 4.2.1.10).
        bool constrained = std::any_of(nc.permitted.begin(), nc.permitted.end(), [&](const GeneralName& c) { return c.type == name.type; }) ||
                           std::any_of(nc.excluded.begin(), nc.excluded.end(), [&](const GeneralName& c) { return c.type == name.type; });
        if (constrained)
          out.push_back({std::string(problem::kNameConstraintsUnsupportedForm), idx,
                         "certificate " + std::to_string(ca_index) + " constrains " + type_name(name.type) +
                             " names, which cannot be checked",
                         {{"type", type_name(name.type)}, {"constrained_by", std::to_string(ca_index)}}, true});
        continue;
      }
      bool any_permitted = false, permitted_match = false, malformed_name = false;
      std::string excluded_by;
      for (const auto& c : nc.permitted) {
        if (c.type != name.type) continue;
        if (!budget.spend_name_constraint_comparisons(1)) return false;
        any_permitted = true;
        switch (compare(name, c, Subtree::kPermitted, strict)) {
          case ConstraintMatch::kMatch: permitted_match = true; break;
          case ConstraintMatch::kNoMatch: break;
          case ConstraintMatch::kMalformedName: malformed_name = true; break;
          case ConstraintMatch::kMalformedConstraint: malformed_constraint(c); break;
        }
      }
      for (const auto& c : nc.excluded) {
        if (c.type != name.type) continue;
        if (!budget.spend_name_constraint_comparisons(1)) return false;
        switch (compare(name, c, Subtree::kExcluded, strict)) {
          case ConstraintMatch::kMatch:
            if (excluded_by.empty()) excluded_by = c.value;
            break;
          case ConstraintMatch::kNoMatch: break;
          case ConstraintMatch::kMalformedName: malformed_name = true; break;
          case ConstraintMatch::kMalformedConstraint: malformed_constraint(c); break;
        }
      }
      const std::string where = subject.origin + " " + type_name(name.type) + " \"" + name.value + "\"";
      std::map<std::string, std::string> params{{"name", name.value},
                                                {"type", type_name(name.type)},
                                                {"origin", subject.origin},
                                                {"constrained_by", std::to_string(ca_index)}};
      if (malformed_name) {
        out.push_back({std::string(problem::kNameConstraintsMalformedName), idx,
                       where + " is malformed and cannot be checked against the name constraints of certificate " +
                           std::to_string(ca_index),
                       params, true});
        continue;
      }
      if (!excluded_by.empty()) {
        auto p = params;
        p["constraint"] = excluded_by;
        out.push_back({std::string(problem::kNameConstraintsExcluded), idx,
                       where + " is excluded by \"" + excluded_by + "\" in certificate " + std::to_string(ca_index), p,
                       true});
      }
      if (any_permitted && !permitted_match) {
        out.push_back({std::string(problem::kNameConstraintsNotPermitted), idx,
                       where + " is outside the permitted " + type_name(name.type) + " subtrees of certificate " +
                           std::to_string(ca_index),
                       params, true});
      }
    }
  }
  return true;
}

}  // namespace uccert::verify
