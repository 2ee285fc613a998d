// The keys of `uccert plan --format json` (docs/json.md, "plan"). Only ever added to.
#pragma once

namespace uccert::report::plan_keys {

inline constexpr const char* kFiles = "files";
inline constexpr const char* kNotes = "notes";
inline constexpr const char* kText = "text";
inline constexpr const char* kWhere = "where";
inline constexpr const char* kSipDomains = "sip_domains";
inline constexpr const char* kCertificates = "certificates";
inline constexpr const char* kKey = "key";
inline constexpr const char* kRole = "role";
inline constexpr const char* kRoleTitle = "role_title";
inline constexpr const char* kServer = "server";
inline constexpr const char* kInstalledOn = "installed_on";
inline constexpr const char* kUsages = "usages";
inline constexpr const char* kSubjectCn = "subject_cn";
inline constexpr const char* kSan = "san";
inline constexpr const char* kSanWithWildcards = "san_with_wildcards";
inline constexpr const char* kNames = "names";
inline constexpr const char* kName = "name";
inline constexpr const char* kKind = "kind";
inline constexpr const char* kNeed = "need";
inline constexpr const char* kWildcard = "wildcard";
inline constexpr const char* kClients = "clients";
inline constexpr const char* kSource = "source";
inline constexpr const char* kWildcardRule = "wildcard_rule";
inline constexpr const char* kCautions = "cautions";
inline constexpr const char* kEku = "eku";
inline constexpr const char* kCa = "ca";
inline constexpr const char* kExportableKey = "exportable_key";
inline constexpr const char* kMinRsaBits = "min_rsa_bits";
inline constexpr const char* kRequest = "request";
inline constexpr const char* kDns = "dns";
inline constexpr const char* kSipDomain = "sip_domain";
inline constexpr const char* kSide = "side";
inline constexpr const char* kType = "type";
inline constexpr const char* kPort = "port";
inline constexpr const char* kTarget = "target";
inline constexpr const char* kPointsAt = "points_at";
inline constexpr const char* kDiff = "diff";
inline constexpr const char* kOldFiles = "old_files";
inline constexpr const char* kSipDomainsAdded = "sip_domains_added";
inline constexpr const char* kSipDomainsRemoved = "sip_domains_removed";
inline constexpr const char* kChanges = "changes";
inline constexpr const char* kChange = "change";
inline constexpr const char* kAdded = "added";
inline constexpr const char* kRemoved = "removed";
inline constexpr const char* kOldCn = "old_subject_cn";
inline constexpr const char* kNewSan = "new_san";

}  // namespace uccert::report::plan_keys
