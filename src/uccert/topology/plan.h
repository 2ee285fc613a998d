// What a deployment needs, derived from the model: every certificate (its role from the role
// catalogue, profiles/roles.h, which holds the rules: names, wildcards, EKU, CA, key), and the DNS
// records each SIP domain needs. Pure: `uccert plan` renders it, `plan --diff` compares two.
// docs/topology.md documents the output.
#pragma once

#include <string>
#include <vector>

#include "uccert/profiles/roles.h"
#include "uccert/topology/model.h"

namespace uccert::topology {

struct CertificatePlan {
  // Stable across topologies for --diff: "<role> <server>", e.g. "edge-external edgepool.contoso.net".
  std::string key;
  profiles::Role role = profiles::Role::kFeDefault;
  std::string server;                         // the pool, farm or host that holds it
  std::vector<std::string> installed_on;      // the machines that each hold a copy
  std::vector<std::string> usages;            // Set-CsCertificate -Type (or Exchange -Services) values
  std::vector<profiles::RequiredName> names;  // why each name is there (the catalogue's list)
  std::string subject_cn;
  std::vector<std::string> san;                 // explicit names, in the order devices need (W-11)
  std::vector<std::string> san_with_wildcards;  // where the role allows it: wildcards last; else empty
  std::string wildcard_rule;                    // where a wildcard may stand, for people
  std::vector<std::string> cautions;            // what this deployment adds (old phone firmware: no wildcard)
  std::vector<std::string> clients;             // built-in profiles that reach it in this deployment
  Origin origin;                                // the element it derives from
};

// A DNS record a SIP domain needs (DNS-04, DNS-05, DNS-09, DNS-14, FE-02, FE-07).
struct DnsRecordPlan {
  std::string sip_domain;
  std::string side;       // "internal" or "external"
  std::string type;       // "SRV" or "A"
  std::string name;       // _sipinternaltls._tcp.contoso.com, sip.contoso.com, ...
  int port = 0;           // SRV only
  std::string target;     // SRV: the host it names; A: the host whose address it carries
  std::string points_at;  // for people: "Front End pool pool01.contoso.com", "Access Edge"
  std::string source;     // uc-rules ids
};

struct Plan {
  std::vector<std::string> sip_domains;  // the default first
  std::vector<CertificatePlan> certificates;
  std::vector<DnsRecordPlan> dns;
};

Plan plan_topology(const Topology& topology);

// What a change of topology does to the certificates (`plan --diff OLD NEW`).
struct CertificateChange {
  std::string key;
  profiles::Role role = profiles::Role::kFeDefault;
  std::string server;
  enum class Kind { kNew, kReissue, kRetired, kUntouched } kind = Kind::kUntouched;
  std::vector<std::string> added;    // SAN entries the new certificate has and the old lacked
  std::vector<std::string> removed;  // SAN entries it no longer needs
  std::string old_cn, new_cn;        // differ only when the subject changes
  std::vector<std::string> new_san;  // the full list to request (kNew, kReissue)
};
std::string_view to_string(CertificateChange::Kind kind);  // "new", "reissue", "retired", "untouched"

struct PlanDiff {
  std::vector<CertificateChange> changes;  // in the new plan's order, retired ones last
  std::vector<std::string> sip_domains_added, sip_domains_removed;
};

PlanDiff diff_plans(const Plan& before, const Plan& after);

}  // namespace uccert::topology
