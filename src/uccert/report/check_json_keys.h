// Every key `uccert check --format json` writes (docs/json.md, section "check"). Keys are only
// ever added, never renamed or removed. Keys shared with other commands have the same spelling.
#pragma once

#include "uccert/report/json_keys.h"

namespace uccert::report::check_keys {

using json_keys::kSchemaVersion;  // one version for every command

// top level
inline constexpr const char* kSchema = "schema";
inline constexpr const char* kCommand = "command";        // "check"
inline constexpr const char* kTarget = "target";
inline constexpr const char* kName = "name";              // the dialled name
inline constexpr const char* kAt = "at";
inline constexpr const char* kContainer = "container";
inline constexpr const char* kVerdict = "verdict";        // the worst verdict
inline constexpr const char* kExitCode = "exit_code";
inline constexpr const char* kVerdicts = "verdicts";      // {"<profile id>": "pass"|"warn"|"fail"}
inline constexpr const char* kProfiles = "profiles";
inline constexpr const char* kFindings = "findings";
inline constexpr const char* kChain = "chain";
inline constexpr const char* kThresholds = "thresholds";
inline constexpr const char* kWarnDays = "warn_days";
inline constexpr const char* kFailDays = "fail_days";
inline constexpr const char* kNotes = "notes";
inline constexpr const char* kRole = "role";              // null, or the role judged (check --role)

// role
inline constexpr const char* kRoleId = "id";
inline constexpr const char* kRoleTitle = "title";
inline constexpr const char* kUsages = "usages";
inline constexpr const char* kRoleNames = "names";
inline constexpr const char* kNameKind = "kind";
inline constexpr const char* kNeed = "need";
inline constexpr const char* kSubjectName = "subject";
inline constexpr const char* kWildcard = "wildcard";
inline constexpr const char* kClients = "clients";

// scan (JSON Lines): one check object per target, with these
inline constexpr const char* kScan = "scan";              // {"line", "seconds", "attempts", "probe_seconds"}
inline constexpr const char* kLine = "line";              // the targets file's line
inline constexpr const char* kSeconds = "seconds";
inline constexpr const char* kAttempts = "attempts";
inline constexpr const char* kProbeSeconds = "probe_seconds";
inline constexpr const char* kError = "error";            // a target that could not be evaluated
inline constexpr const char* kFetchMode = "fetch_mode";  // "online", "offline", "none"
inline constexpr const char* kFetches = "fetches";       // every URL the certificates carry that was fetched

// fetches[]
inline constexpr const char* kPurpose = "purpose";  // "aia"
inline constexpr const char* kUrl = "url";
inline constexpr const char* kOutcome = "outcome";  // "fetched", "failed", "not-fetched"
inline constexpr const char* kFromCache = "from_cache";
inline constexpr const char* kRedirectedToHttps = "redirected_to_https";
inline constexpr const char* kBytes = "bytes";

// profiles[].path.revocation[]: index (in the path), status ("good", "revoked", "unknown",
// "not-checked"), source ("CRL", "OCSP"), revoked_at, reason, why
inline constexpr const char* kRevocation = "revocation";
inline constexpr const char* kRevocationStatus = "status";
inline constexpr const char* kRevokedAt = "revoked_at";
inline constexpr const char* kReason = "reason";
inline constexpr const char* kWhy = "why";

// profiles[]
inline constexpr const char* kId = "id";
inline constexpr const char* kProfileName = "name";
inline constexpr const char* kPath = "path";              // the client's best path
inline constexpr const char* kValid = "valid";
inline constexpr const char* kAnchorSource = "anchor_source";
inline constexpr const char* kCertificates = "certificates";  // thumbprints (SHA-1) leaf first
inline constexpr const char* kOrigins = "origins";
inline constexpr const char* kProblems = "problems";
inline constexpr const char* kNameMatch = "name_match";
inline constexpr const char* kMatched = "matched";
inline constexpr const char* kEntry = "entry";
inline constexpr const char* kHost = "host";
inline constexpr const char* kPoolIssuerAssumed = "pool_issuer_assumed";
inline constexpr const char* kTrustAnchors = "trust_anchors";

// problems[]
inline constexpr const char* kCertIndex = "cert_index";
inline constexpr const char* kMessage = "message";
inline constexpr const char* kFatal = "fatal";
inline constexpr const char* kParams = "params";

// findings[]
inline constexpr const char* kSeverity = "severity";
inline constexpr const char* kFix = "fix";
inline constexpr const char* kSource = "source";
inline constexpr const char* kTitle = "title";
inline constexpr const char* kDetails = "details";
inline constexpr const char* kUncertain = "uncertain";  // the stricter reading of an undocumented fact

// chain[]
inline constexpr const char* kIndex = "index";
inline constexpr const char* kSubject = "subject";
inline constexpr const char* kIssuer = "issuer";
inline constexpr const char* kThumbprints = "thumbprints";
inline constexpr const char* kSha1 = "sha1";
inline constexpr const char* kSha256 = "sha256";
inline constexpr const char* kNotBefore = "not_before";
inline constexpr const char* kNotAfter = "not_after";
inline constexpr const char* kValidity = "validity";      // "valid", "expired", "not-yet-valid"
inline constexpr const char* kDaysRemaining = "days_remaining";
inline constexpr const char* kSubjectAltNames = "subject_alt_names";
inline constexpr const char* kCommonNames = "common_names";
inline constexpr const char* kIsCa = "is_ca";
inline constexpr const char* kSelfSigned = "self_signed";
inline constexpr const char* kSerial = "serial";

}  // namespace uccert::report::check_keys
