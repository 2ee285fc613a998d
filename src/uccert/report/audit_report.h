// What `uccert audit` shows: every certificate a topology assigns, acquired (file or live) and
// judged with its role's rules for the clients that reach it in this deployment; the coverage of
// every required name; the consistency across certificates; a verdict table role x client.
// Built by run_audit, printed by audit_text and audit_json; neither derives a verdict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/profiles/roles.h"
#include "uccert/report/check_report.h"
#include "uccert/rules/finding.h"
#include "uccert/topology/model.h"

namespace uccert::report {

// One planned certificate (a role on a server) and what is assigned to it.
struct AuditCertificate {
  std::string key;      // the plan's key: "edge-external edgepool.contoso.net"
  profiles::Role role = profiles::Role::kFeDefault;
  std::string server;   // the pool, farm or host the plan names
  std::string assigned_server;       // the assignment's server (a machine of the pool, ...)
  std::vector<std::string> usages;   // as assigned
  std::string source;   // the file or host:port it was read from; empty: nothing assigned
  std::string error;    // it could not be acquired (one line); empty otherwise
  std::optional<CheckReport> check;  // judged: evidence, clients, role, findings
  std::string origin;   // "FILE:LINE" of the assignment (or of the planned element)
};

// One required name of one planned certificate: on it or not.
struct CoverageRow {
  std::string name;
  std::string kind;                  // profiles::to_string(NameKind)
  std::string need;                  // "required", "optional", "never-checked"
  std::string key;                   // the planned certificate
  std::vector<std::string> clients;  // the deployed clients that dial it
  // "present", "wildcard" (covered only by a wildcard entry), "missing", "unknown" (the
  // certificate could not be read), "not-assigned".
  std::string status;
  std::string entry;        // the entry that covers it (the wildcard, or the name itself)
  std::string thumbprint;   // SHA-1 of the certificate judged
};

// One line of the verdict table: a judged certificate's verdict for each deployed client.
struct VerdictRow {
  std::string key;
  std::string assigned_server;  // the server it was read for, when not the planned one (an Edge of a pool)
  std::vector<std::pair<std::string, std::string>> verdicts;  // client id -> "pass" / "warn" / "fail" / "unknown"
};

// A finding with the certificate it is about ("" for one across certificates).
struct AuditFinding {
  std::string key;
  rules::Finding finding;
};

struct AuditReport {
  std::vector<std::string> files;     // the topology read
  std::vector<topology::Note> notes;  // what the topology import skipped
  std::vector<std::string> trust_notes;
  pki::UnixTime at = 0;
  bool deadline_reached = false;
  std::vector<std::string> clients;   // every client judged, in profile order (the table's columns)
  std::vector<AuditCertificate> certificates;
  std::vector<VerdictRow> verdicts;
  std::vector<CoverageRow> coverage;
  std::vector<AuditFinding> findings;  // fail first, then warn, then info; fix first when printed
  rules::Verdict worst() const;
  bool any_judged() const;
  bool any_unknown() const;  // an assigned certificate that could not be acquired
};

}  // namespace uccert::report
