// Every key `uccert audit --format json` writes (docs/json.md, section "audit"). Keys are only
// ever added, never renamed or removed; keys shared with check have the same spelling.
#pragma once

#include "uccert/report/json_keys.h"

namespace uccert::report::audit_keys {

using json_keys::kSchemaVersion;

inline constexpr const char* kSchema = "schema";
inline constexpr const char* kCommand = "command";  // "audit"
inline constexpr const char* kFiles = "files";
inline constexpr const char* kAt = "at";
inline constexpr const char* kVerdict = "verdict";
inline constexpr const char* kExitCode = "exit_code";
inline constexpr const char* kDeadlineReached = "deadline_reached";
inline constexpr const char* kClients = "clients";
inline constexpr const char* kVerdicts = "verdicts";
inline constexpr const char* kCertificates = "certificates";
inline constexpr const char* kCoverage = "coverage";
inline constexpr const char* kFindings = "findings";
inline constexpr const char* kNotes = "notes";

// verdicts[], certificates[], coverage[]
inline constexpr const char* kCertificate = "certificate";  // the planned certificate's key
inline constexpr const char* kRole = "role";
inline constexpr const char* kServer = "server";
inline constexpr const char* kAssignedServer = "assigned_server";
inline constexpr const char* kUsages = "usages";
inline constexpr const char* kSource = "source";
inline constexpr const char* kOrigin = "origin";
inline constexpr const char* kError = "error";
inline constexpr const char* kThumbprint = "thumbprint";
inline constexpr const char* kName = "name";
inline constexpr const char* kKind = "kind";
inline constexpr const char* kNeed = "need";
inline constexpr const char* kStatus = "status";
inline constexpr const char* kEntry = "entry";
inline constexpr const char* kCheck = "check";  // the check object of that certificate

}  // namespace uccert::report::audit_keys
