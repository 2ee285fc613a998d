// A client profile: how one kind of UC client validates a server certificate, as data
// (data/profiles.toml, embedded at build; users add more with --profiles FILE).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/names/name_policy.h"
#include "uccert/pki/error.h"
#include "uccert/verify/verify.h"

namespace uccert::profiles {

// Where a client's trusted roots come from. The CLI fills each set (TrustInputs); a profile
// names which sets it trusts.
enum class TrustSource {
  kPublicRoots,      // the public store (--public-roots, default the system bundle)
  kEnterpriseRoots,  // roots pushed to domain-joined Windows (--enterprise-root)
  kPoolIssuer,       // the CA that issued the Lync pool certificate (--pool-cert; LPE-01)
  kTrustedCaCerts,   // the web services TrustedCACerts (--trusted-ca-cert; LPE-01, PS-07)
  kMobileRoots,      // roots installed on phones/tablets by profile or MDM (--mobile-root; MOB-02/06)
};

enum class AiaFetch { kFetch, kNone };  // Windows fetches missing intermediates; phones and mobiles do not

// How a wildcard match that the client accepts is reported (C-09: LPE 4100 accepts, but warn).
enum class WildcardMatch { kAccept, kWarn };

struct ClientProfile {
  std::string id;           // stable: "lync-desktop", "phone-edition-legacy", ...
  std::string name;         // for people: "Lync Phone Edition before 4.0.7577.4100"
  std::string description;
  names::NamePolicy name_policy;
  WildcardMatch wildcard_match = WildcardMatch::kAccept;
  std::vector<TrustSource> trust;
  AiaFetch aia = AiaFetch::kNone;
  std::optional<std::string> required_eku;  // dotted OID
  verify::EkuChaining eku_chaining = verify::EkuChaining::kIntersect;
  verify::AlgorithmPolicy algorithms = verify::AlgorithmPolicy::kPermissive;
  verify::PssPolicy pss = verify::PssPolicy::kAllow;
  int min_rsa_bits = 0;               // below: fail
  int warn_rsa_bits = 2048;           // below: warn (G-05)
  std::optional<int> max_rsa_bits;    // OCS 2007 R2: 4096 (G-07)
  std::optional<int> max_validity_days;  // iOS 13+: 825 for certificates issued after 2019-07-01
  std::vector<std::string> sources;   // uc-rules ids this profile rests on
};

struct ProfileSet {
  std::vector<ClientProfile> profiles;
  const ClientProfile* find(std::string_view id) const;
};

// The nine built-in profiles (ids fixed in docs/design.md).
const ProfileSet& builtin_profiles();
// Parses a profiles TOML document; `origin` names it in errors ("profiles.toml:12: ...").
Result<ProfileSet> parse_profiles(std::string_view toml, std::string_view origin);
Result<ProfileSet> load_profiles_file(const std::string& path);

}  // namespace uccert::profiles
