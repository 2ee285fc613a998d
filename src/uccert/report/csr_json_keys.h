// The JSON keys of `uccert csr` and `uccert csr --check` (docs/json.md).
#pragma once

namespace uccert::report::json_keys {

inline constexpr const char* kCsrRequestPath = "path";
inline constexpr const char* kCsrKeyPath = "key_path";
inline constexpr const char* kCsrRequest = "request";
inline constexpr const char* kCsrSubject = "subject";
inline constexpr const char* kCsrSan = "san";
inline constexpr const char* kCsrEku = "eku";
inline constexpr const char* kCsrKeyAlgorithm = "key_algorithm";
inline constexpr const char* kCsrKeyBits = "key_bits";
inline constexpr const char* kCsrKeyCurve = "key_curve";
inline constexpr const char* kCsrSignatureValid = "signature_valid";
inline constexpr const char* kCsrSha256 = "sha256";
inline constexpr const char* kCsrEquivalentCommand = "equivalent_command";
inline constexpr const char* kCsrNotes = "notes";
inline constexpr const char* kCsrFindings = "findings";
inline constexpr const char* kCsrPlanned = "planned_names";

}  // namespace uccert::report::json_keys
