// Every key uccert writes in its JSON output, in one place (docs/json.md documents each; keys
// are only ever added, never renamed or removed). Sections follow the commands.
#pragma once

namespace uccert::report::json_keys {

// ---- common ----------------------------------------------------------------------------------
inline constexpr int kSchemaVersion = 1;
inline constexpr const char* kSchema = "schema";
inline constexpr const char* kCommand = "command";

// ---- inspect: top level and files -------------------------------------------------------------
inline constexpr const char* kAt = "at";
inline constexpr const char* kFiles = "files";
inline constexpr const char* kPath = "path";
inline constexpr const char* kError = "error";
inline constexpr const char* kContainer = "container";
inline constexpr const char* kEncoding = "encoding";
inline constexpr const char* kCertificates = "certificates";
inline constexpr const char* kChain = "chain";
inline constexpr const char* kPkcs12 = "pkcs12";
inline constexpr const char* kCsr = "csr";
inline constexpr const char* kNotes = "notes";

// ---- certificate -------------------------------------------------------------------------------
inline constexpr const char* kIndex = "index";
inline constexpr const char* kVersion = "version";
inline constexpr const char* kSubject = "subject";
inline constexpr const char* kIssuer = "issuer";
inline constexpr const char* kSerial = "serial";
inline constexpr const char* kNotBefore = "not_before";
inline constexpr const char* kNotAfter = "not_after";
inline constexpr const char* kDaysRemaining = "days_remaining";
inline constexpr const char* kValidity = "validity";
inline constexpr const char* kSubjectAltNames = "subject_alt_names";
inline constexpr const char* kSubjectAltNamesCritical = "subject_alt_names_critical";
inline constexpr const char* kPublicKey = "public_key";
inline constexpr const char* kSignatureAlgorithm = "signature_algorithm";
inline constexpr const char* kKeyUsage = "key_usage";
inline constexpr const char* kExtendedKeyUsage = "extended_key_usage";
inline constexpr const char* kBasicConstraints = "basic_constraints";
inline constexpr const char* kSubjectKeyId = "subject_key_id";
inline constexpr const char* kAuthorityKeyId = "authority_key_id";
inline constexpr const char* kAuthorityInfoAccess = "authority_info_access";
inline constexpr const char* kCrlDistributionPoints = "crl_distribution_points";
inline constexpr const char* kCertificatePolicies = "certificate_policies";
inline constexpr const char* kSctList = "sct_list";
inline constexpr const char* kSelfIssued = "self_issued";
inline constexpr const char* kSelfSigned = "self_signed";
inline constexpr const char* kIsCa = "is_ca";
inline constexpr const char* kThumbprints = "thumbprints";
inline constexpr const char* kExtensions = "extensions";
inline constexpr const char* kDecodeNotes = "decode_notes";

// name
inline constexpr const char* kDn = "dn";
inline constexpr const char* kCommonNames = "common_names";
inline constexpr const char* kAttributes = "attributes";
inline constexpr const char* kOid = "oid";
inline constexpr const char* kName = "name";
inline constexpr const char* kValue = "value";
// general name
inline constexpr const char* kType = "type";
// public key
inline constexpr const char* kAlgorithm = "algorithm";
inline constexpr const char* kBits = "bits";
inline constexpr const char* kCurve = "curve";
// signature algorithm
inline constexpr const char* kDigest = "digest";
// key usage, EKU, basic constraints
inline constexpr const char* kPresent = "present";
inline constexpr const char* kCritical = "critical";
inline constexpr const char* kUsages = "usages";
inline constexpr const char* kCa = "ca";
inline constexpr const char* kPathLength = "path_length";
// AIA, policies, thumbprints, notes
inline constexpr const char* kOcsp = "ocsp";
inline constexpr const char* kCaIssuers = "ca_issuers";
inline constexpr const char* kCps = "cps";
inline constexpr const char* kSha1 = "sha1";
inline constexpr const char* kSha256 = "sha256";
inline constexpr const char* kId = "id";
inline constexpr const char* kDetail = "detail";

// ---- chain (file order) ------------------------------------------------------------------------
inline constexpr const char* kOrder = "order";
inline constexpr const char* kLeafIndex = "leaf_index";
inline constexpr const char* kRootIncluded = "root_included";
inline constexpr const char* kRootIndices = "root_indices";
inline constexpr const char* kLinks = "links";
inline constexpr const char* kIssuerIndex = "issuer_index";
inline constexpr const char* kNameMatch = "name_match";
inline constexpr const char* kKeyIdMatch = "key_id_match";
inline constexpr const char* kSignatureChecked = "signature_checked";
inline constexpr const char* kSignatureValid = "signature_valid";
inline constexpr const char* kBreaks = "breaks";
inline constexpr const char* kMissingIssuer = "missing_issuer";

// ---- pkcs12 ------------------------------------------------------------------------------------
inline constexpr const char* kPasswordProtected = "password_protected";
inline constexpr const char* kMacPresent = "mac_present";
inline constexpr const char* kHasPrivateKey = "has_private_key";
inline constexpr const char* kKeyMatchesLeaf = "key_matches_leaf";
inline constexpr const char* kKeyCertificateIndex = "key_certificate_index";
inline constexpr const char* kCarriesChain = "carries_chain";
inline constexpr const char* kCertificateCount = "certificate_count";
inline constexpr const char* kFriendlyName = "friendly_name";

// ---- csr ---------------------------------------------------------------------------------------
inline constexpr const char* kRequestedSubjectAltNames = "requested_subject_alt_names";
inline constexpr const char* kRequestedKeyUsage = "requested_key_usage";
inline constexpr const char* kRequestedExtendedKeyUsage = "requested_extended_key_usage";
inline constexpr const char* kRequestedExtensions = "requested_extensions";
inline constexpr const char* kSignatureError = "signature_error";

// ---- thumbprint --------------------------------------------------------------------------------
inline constexpr const char* kThumbprint = "thumbprint";
inline constexpr const char* kHexDigits = "hex_digits";
inline constexpr const char* kRemoved = "removed";
inline constexpr const char* kCodePoint = "code_point";
inline constexpr const char* kPositions = "positions";
inline constexpr const char* kLowercaseChanged = "lowercase_changed";

// ---- check (added by the check command) --------------------------------------------------------

// ---- endpoint (check HOST:PORT, discover targets) -----------------------------------------------
inline constexpr const char* kEndpoint = "endpoint";
inline constexpr const char* kHost = "host";
inline constexpr const char* kAddress = "address";
inline constexpr const char* kPort = "port";
inline constexpr const char* kConnectedPort = "connected_port";
inline constexpr const char* kSni = "sni";
inline constexpr const char* kProtocol = "protocol";
inline constexpr const char* kTlsVersion = "tls_version";
inline constexpr const char* kCipher = "cipher";
inline constexpr const char* kOcspStapled = "ocsp_stapled";
inline constexpr const char* kClientCaNames = "client_ca_names";
inline constexpr const char* kApplicationStatus = "application_status";
inline constexpr const char* kDetails = "details";
inline constexpr const char* kChainWithoutSni = "chain_without_sni";
inline constexpr const char* kHops = "hops";
inline constexpr const char* kHopKind = "kind";
inline constexpr const char* kHopNumber = "number";
inline constexpr const char* kHopVia = "via";
inline constexpr const char* kHopUrl = "url";
inline constexpr const char* kHopChain = "chain";
inline constexpr const char* kHopSubject = "subject";
inline constexpr const char* kHopError = "error";

// ---- discover ----------------------------------------------------------------------------------
inline constexpr const char* kDomain = "domain";
inline constexpr const char* kVerdict = "verdict";
inline constexpr const char* kExitCode = "exit_code";
inline constexpr const char* kRecords = "records";
inline constexpr const char* kFindings = "findings";
inline constexpr const char* kDeadlineMs = "deadline_ms";
inline constexpr const char* kPurpose = "purpose";
inline constexpr const char* kRules = "rules";
inline constexpr const char* kProfiles = "profiles";
inline constexpr const char* kStatus = "status";
inline constexpr const char* kSrv = "srv";
inline constexpr const char* kSrvAnswered = "srv_answered";
inline constexpr const char* kAddresses = "addresses";
inline constexpr const char* kCnameChain = "cname_chain";
inline constexpr const char* kTargets = "targets";
inline constexpr const char* kTarget = "target";
inline constexpr const char* kPriority = "priority";
inline constexpr const char* kWeight = "weight";
inline constexpr const char* kVerdicts = "verdicts";
inline constexpr const char* kCheck = "check";
inline constexpr const char* kMessage = "message";

}  // namespace uccert::report::json_keys
