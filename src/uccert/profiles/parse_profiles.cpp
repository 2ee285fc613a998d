// Profiles files: a list of [[profile]] tables (docs/profiles.md). Strict: unknown keys, unknown
// values, wrong types, duplicate ids and missing required keys are errors, each one line
// "ORIGIN:LINE: ..." with the line toml++ reports for the offending key, value or table.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "uccert/profiles/one_line.h"
#include "uccert/profiles/toml_depth.h"

#include "uccert/names/reference_host.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/profiles/knob_spellings.h"

namespace uccert::profiles {
namespace {


constexpr std::size_t kMaxFileBytes = 1024 * 1024;

// Keys a profile may carry. Required ones must be present unless the profile starts from another
// (base = "id" or override = true).
const std::set<std::string, std::less<>> kKnownKeys{
    "id",           "name",          "description",   "override",     "base",
    "wildcards",    "common_name",   "wildcard_match", "cn_match",    "trust",
    "trust_warn",   "aia",           "required_eku",  "eku_chaining", "algorithms",
    "pss",          "min_rsa_bits",  "warn_rsa_bits", "max_rsa_bits", "max_validity_days",
    "max_validity_issued_after",     "eku_required_from", "forbidden_domains", "server", "sources",
    "wildcard_cn",  "cn_must_be_dialled", "explicit_names_first", "chain_order", "cdp_expected",
    "sha2_uncertain", "key_algorithms", "key_algorithms_uncertain", "tls_key_usage",
    "conformance",  "uncertain", "revocation_unknown", "max_crl_kib", "walks_autodiscover",
};

// The knobs `uncertain` may name: those whose reading a rule draws a finding from.
const std::set<std::string, std::less<>> kUncertainKnobs{
    "wildcards", "common_name", "aia", "required_eku", "eku_chaining", "algorithms", "pss",
    "min_rsa_bits", "tls_key_usage", "key_algorithms", "revocation_unknown", "max_crl_kib",
};
const char* const kRequiredKeys[] = {"name",         "wildcards",  "common_name", "trust",
                                     "aia",          "required_eku", "algorithms", "pss",
                                     "min_rsa_bits"};

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads the keys of one [[profile]] table. The first problem is kept as a located one-line
// message ("ORIGIN:LINE: ..."); after it every read returns nothing, so callers check failed()
// before using what they read.
class ProfileReader {
 public:
  ProfileReader(std::string_view origin, const toml::table& t, std::string id_for_messages, std::string& error)
      : origin_(origin), t_(t), id_(std::move(id_for_messages)), error_(error) {}

  bool failed() const { return !error_.empty(); }

  void fail_at(const toml::source_region& where, const std::string& what) const {
    if (error_.empty()) error_ = std::string(origin_) + ":" + std::to_string(where.begin.line) + ": " + what;
  }
  void fail_table(const std::string& what) const { fail_at(t_.source(), what); }
  void fail_key(std::string_view key, const std::string& what) const {
    const toml::node* n = t_.get(key);
    fail_at(n != nullptr ? n->source() : t_.source(), what);
  }

  std::string in_profile() const { return id_.empty() ? std::string() : " in profile " + quoted(id_); }

  const toml::node* get(std::string_view key) const { return failed() ? nullptr : t_.get(key); }

  std::optional<std::string> string(std::string_view key) const {
    const toml::node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_string()) return fail_key(key, std::string(key) + " must be a string" + in_profile()), std::nullopt;
    return n->as_string()->get();
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_boolean()) return fail_key(key, std::string(key) + " must be true or false" + in_profile()), std::nullopt;
    return n->as_boolean()->get();
  }

  std::optional<int> integer(std::string_view key, std::int64_t lo, std::int64_t hi) const {
    const toml::node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_integer()) return fail_key(key, std::string(key) + " must be an integer" + in_profile()), std::nullopt;
    const std::int64_t v = n->as_integer()->get();
    if (v < lo || v > hi) {
      fail_key(key, std::string(key) + " = " + std::to_string(v) + " is out of range (" + std::to_string(lo) + ".." +
                        std::to_string(hi) + ")" + in_profile());
      return std::nullopt;
    }
    return static_cast<int>(v);
  }

  template <class E, std::size_t N>
  std::optional<E> choice(std::string_view key, const std::array<knobs::Spelling<E>, N>& table) const {
    auto text = string(key);
    if (!text) return std::nullopt;
    auto v = knobs::parse(table, *text);
    if (!v)
      fail_key(key, std::string(key) + " = " + quoted(*text) + ": unknown value" + in_profile() +
                        " (expected one of: " + knobs::choices(table) + ")");
    return v;
  }

  // An array of spellings from `table`, each once; an error located at the offending item.
  template <class E, std::size_t N>
  std::optional<std::vector<E>> choice_list(std::string_view key, const std::array<knobs::Spelling<E>, N>& table,
                                            std::string_view what) const {
    const toml::node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_array())
      return fail_key(key, std::string(key) + " must be an array of strings" + in_profile()), std::nullopt;
    std::vector<E> out;
    for (const auto& item : *n->as_array()) {
      if (!item.is_string()) {
        fail_at(item.source(), std::string(key) + " must be an array of strings" + in_profile());
        return std::nullopt;
      }
      const std::string& text = item.as_string()->get();
      auto v = knobs::parse(table, text);
      if (!v) {
        fail_at(item.source(), std::string(key) + ": unknown " + std::string(what) + " " + quoted(text) +
                                   in_profile() + " (expected one of: " + knobs::choices(table) + ")");
        return std::nullopt;
      }
      if (std::find(out.begin(), out.end(), *v) != out.end()) {
        fail_at(item.source(), std::string(key) + ": " + quoted(text) + " listed twice" + in_profile());
        return std::nullopt;
      }
      out.push_back(*v);
    }
    return out;
  }

  // An array of strings, each checked by `problem` (what is wrong with it, or "" when nothing is),
  // an error located at the offending item.
  std::optional<std::vector<std::string>> string_list(
      std::string_view key, const std::function<std::string(const std::string&)>& problem) const {
    const toml::node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_array())
      return fail_key(key, std::string(key) + " must be an array of strings" + in_profile()), std::nullopt;
    std::vector<std::string> out;
    for (const auto& item : *n->as_array()) {
      if (!item.is_string()) {
        fail_at(item.source(), std::string(key) + " must be an array of strings" + in_profile());
        return std::nullopt;
      }
      const std::string& s = item.as_string()->get();
      if (auto why = problem(s); !why.empty()) {
        fail_at(item.source(), std::string(key) + ": " + quoted(s) + " " + why + in_profile());
        return std::nullopt;
      }
      out.push_back(s);
    }
    return out;
  }

  std::optional<pki::UnixTime> date(std::string_view key) const {
    const toml::node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (n->is_date()) {
      const toml::date d = n->as_date()->get();
      return days_from_civil(d.year, d.month, d.day) * 86400;
    }
    if (n->is_date_time()) {
      const toml::date_time dt = n->as_date_time()->get();
      if (!dt.offset) {
        fail_key(key, std::string(key) + ": a date-time needs an offset (Z or +hh:mm)" + in_profile() +
                          "; or give a date such as 2019-07-01");
        return std::nullopt;
      }
      return days_from_civil(dt.date.year, dt.date.month, dt.date.day) * 86400 + dt.time.hour * 3600 +
             dt.time.minute * 60 + dt.time.second - static_cast<std::int64_t>(dt.offset->minutes) * 60;
    }
    fail_key(key, std::string(key) + " must be a TOML date (2019-07-01) or an offset date-time" + in_profile());
    return std::nullopt;
  }

 private:
  std::string_view origin_;
  const toml::table& t_;
  std::string id_;
  std::string& error_;
};

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '-' || id.back() == '-') return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && i > 0 && id[i - 1] == '-')) return false;
  }
  return true;
}

bool valid_oid(std::string_view s) {
  // Dotted decimal, at least two arcs, first arc 0-2 (X.660).
  if (s.size() < 3 || (s[0] < '0' || s[0] > '2') || s[1] != '.') return false;
  bool digit_seen = false;
  for (std::size_t i = 2; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (!digit_seen) return false;
      digit_seen = false;
    } else if (s[i] >= '0' && s[i] <= '9') {
      digit_seen = true;
    } else {
      return false;
    }
  }
  return digit_seen;
}

std::string not_a_source_id(const std::string& s) {
  const bool ok = !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == ':' ||
           c == '_' || c == '.';
  });
  return ok ? std::string() : "is not a rule or source id (letters, digits, '-', ':', '_', '.')";
}

std::string not_an_uncertain_knob(const std::string& s) {
  if (kUncertainKnobs.count(s) != 0) return {};
  std::string known;
  for (const auto& k : kUncertainKnobs) known += (known.empty() ? "" : ", ") + k;
  return "is not a knob a finding is drawn from (one of: " + known + ")";
}

std::string not_a_dns_name(const std::string& s) {
  auto host = names::parse_reference_host(s);
  return host && !host->is_ip() ? std::string() : "is not a DNS name";
}

// Applies one table to `p` (a fresh profile, a copy of its base, or the profile it overrides).
void apply(const ProfileReader& r, ClientProfile& p, bool fresh) {
  if (fresh)
    for (const char* key : kRequiredKeys)
      if (r.get(key) == nullptr) r.fail_table("missing required key " + std::string(key) + r.in_profile());
  if (r.failed()) return;

  if (auto v = r.string("name")) {
    if (v->empty()) r.fail_key("name", "name must not be empty" + r.in_profile());
    p.name = *v;
  }
  if (auto v = r.string("description")) p.description = *v;
  if (auto v = r.choice("wildcards", knobs::kWildcards)) p.name_policy.wildcards = *v;
  if (auto v = r.choice("common_name", knobs::kCommonName)) p.name_policy.common_name = *v;
  if (auto v = r.choice("wildcard_match", knobs::kWildcardMatch)) p.wildcard_match = *v;
  if (auto v = r.choice("cn_match", knobs::kCnMatch)) p.cn_match = *v;
  if (auto v = r.choice("wildcard_cn", knobs::kWildcardCn)) p.wildcard_cn = *v;
  if (auto v = r.boolean("cn_must_be_dialled")) p.cn_must_be_dialled = *v;
  if (auto v = r.boolean("walks_autodiscover")) p.walks_autodiscover = *v;
  if (auto v = r.boolean("explicit_names_first")) p.explicit_names_first = *v;
  if (auto v = r.choice("chain_order", knobs::kChainReading)) p.chain_order = *v;
  if (auto v = r.boolean("cdp_expected")) p.cdp_expected = *v;
  if (auto v = r.boolean("sha2_uncertain")) p.sha2_uncertain = *v;
  if (auto v = r.choice_list("trust", knobs::kTrustSource, "trust source")) p.trust = *v;
  if (auto v = r.choice_list("trust_warn", knobs::kTrustSource, "trust source")) p.trust_warn = *v;
  if (auto v = r.choice("aia", knobs::kAiaFetch)) p.aia = *v;
  if (auto v = r.choice("revocation_unknown", knobs::kRevocationUnknown)) p.revocation_unknown = *v;
  if (auto v = r.integer("max_crl_kib", 1, 1024 * 1024)) p.max_crl_kib = *v;
  if (auto v = r.string("required_eku")) {
    if (*v == "none") {
      p.required_eku.reset();
    } else if (valid_oid(*v)) {
      p.required_eku = *v;
    } else {
      r.fail_key("required_eku", "required_eku = " + quoted(*v) + ": not a dotted OID" + r.in_profile() +
                                     " (e.g. \"1.3.6.1.5.5.7.3.1\" for Server Authentication, or \"none\")");
    }
  }
  if (auto v = r.choice("eku_chaining", knobs::kEkuChaining)) p.eku_chaining = *v;
  if (auto v = r.choice("algorithms", knobs::kAlgorithms)) p.algorithms = *v;
  if (auto v = r.choice("pss", knobs::kPss)) p.pss = *v;
  if (auto v = r.choice_list("key_algorithms", knobs::kKeyAlgorithm, "key algorithm")) p.key_algorithms = *v;
  if (auto v = r.boolean("key_algorithms_uncertain")) p.key_algorithms_uncertain = *v;
  if (auto v = r.choice("tls_key_usage", knobs::kTlsKeyUsage)) p.tls_key_usage = *v;
  if (auto v = r.choice("conformance", knobs::kConformance)) p.conformance = *v;
  if (auto v = r.integer("min_rsa_bits", 0, 16384)) p.min_rsa_bits = *v;
  if (auto v = r.integer("warn_rsa_bits", 0, 16384)) p.warn_rsa_bits = *v;
  if (auto v = r.integer("max_rsa_bits", 512, 16384)) p.max_rsa_bits = *v;
  if (auto v = r.integer("max_validity_days", 1, 36500)) p.max_validity_days = *v;
  if (auto v = r.date("max_validity_issued_after")) p.max_validity_issued_after = *v;
  if (auto v = r.date("eku_required_from")) p.eku_required_from = *v;
  if (auto v = r.string_list("forbidden_domains", not_a_dns_name)) {
    p.forbidden_domains.clear();
    for (const auto& d : *v) p.forbidden_domains.push_back(names::normalise_host(d));
  }
  if (auto v = r.choice("server", knobs::kServerKind)) p.server = *v;
  if (auto v = r.string_list("sources", not_a_source_id)) p.sources = *v;
  if (auto v = r.string_list("uncertain", not_an_uncertain_knob)) p.uncertain = *v;
  if (r.failed()) return;

  // Consistency of the result (a base or overridden profile may supply the other half).
  if (p.key_algorithms.empty())
    r.fail_key("key_algorithms", "key_algorithms is empty" + r.in_profile() + ": the profile would accept no key");
  if (p.trust.empty() && p.trust_warn.empty())
    r.fail_key("trust", "trust is empty" + r.in_profile() + ": the profile would trust no root");
  for (auto s : p.trust_warn)
    if (p.trusts(s))
      r.fail_key("trust_warn", "trust_warn: " + quoted(to_string(s)) + " is also in trust" + r.in_profile());
  if (p.warn_rsa_bits < p.min_rsa_bits)
    r.fail_key(r.get("warn_rsa_bits") != nullptr ? "warn_rsa_bits" : "min_rsa_bits",
               "warn_rsa_bits (" + std::to_string(p.warn_rsa_bits) + ") is below min_rsa_bits (" +
                   std::to_string(p.min_rsa_bits) + ")" + r.in_profile());
  if (p.max_rsa_bits && *p.max_rsa_bits < std::max(p.min_rsa_bits, p.warn_rsa_bits))
    r.fail_key(r.get("max_rsa_bits") != nullptr ? "max_rsa_bits" : "min_rsa_bits",
               "max_rsa_bits (" + std::to_string(*p.max_rsa_bits) + ") is below min_rsa_bits/warn_rsa_bits" +
                   r.in_profile());
  if (p.eku_required_from && !p.required_eku)
    r.fail_key(r.get("eku_required_from") != nullptr ? "eku_required_from" : "required_eku",
               "eku_required_from needs required_eku" + r.in_profile());
  if (p.max_validity_issued_after && !p.max_validity_days)
    r.fail_key("max_validity_issued_after",
               "max_validity_issued_after needs max_validity_days" + r.in_profile());
}

// A profiles file needs two dotted parts ([[profile]] and its keys): see profiles/toml_depth.h.
constexpr std::size_t kMaxDotsPerLine = 128;

// Merges one document onto `out`; returns the first error, or an empty string.
std::string merge_into(ProfileSet& out, std::string_view toml_text, std::string_view origin) {
  const std::string o(origin);
  if (auto line = line_with_too_deep_keys(toml_text, kMaxDotsPerLine); line != 0)
    return o + ":" + std::to_string(line) + ": a key or table name of more than " + std::to_string(kMaxDotsPerLine) +
           " dotted parts (a profiles file needs two: [[profile]] and its keys)";
  toml::table root;
#if TOML_EXCEPTIONS
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {  // the library's way of reporting a syntax error
    return o + ":" + std::to_string(e.source().begin.line) + ": TOML syntax: " + one_line(e.description());
  }
#else
  auto parsed = toml::parse(toml_text, origin);
  if (!parsed)
    return o + ":" + std::to_string(parsed.error().source().begin.line) + ": TOML syntax: " +
           one_line(parsed.error().description());
  root = std::move(parsed).table();
#endif

  for (auto&& [key, node] : root) {
    if (key.str() != "profile")
      return o + ":" + std::to_string(key.source().begin.line) + ": unknown top-level key " + quoted(key.str()) +
             " (a profiles file holds only [[profile]] tables)";
    if (!node.is_array_of_tables())
      return o + ":" + std::to_string(node.source().begin.line) +
             ": profile must be an array of tables: write [[profile]], not [profile] or profile = ...";
  }
  const toml::array* list = root["profile"].as_array();
  if (list == nullptr || list->empty()) return o + ":1: no [[profile]] tables";

  std::string error;
  std::map<std::string, std::uint32_t, std::less<>> defined_here;  // id -> line
  for (const auto& item : *list) {
    const toml::table& t = *item.as_table();
    ProfileReader r0(origin, t, "", error);
    for (auto&& [key, node] : t) {
      if (kKnownKeys.contains(key.str())) continue;
      const auto* idn = t.get("id");
      const std::string where =
          idn != nullptr && idn->is_string() ? " in profile " + quoted(idn->as_string()->get()) : std::string();
      r0.fail_at(key.source(), "unknown key " + quoted(key.str()) + where);
      return error;
    }
    auto id = r0.string("id");
    if (r0.failed()) return error;
    if (!id) {
      r0.fail_table("missing required key id");
      return error;
    }
    if (!valid_id(*id)) {
      r0.fail_key("id", "id = " + quoted(*id) + ": use lower-case letters, digits and single hyphens (e.g. \"my-phone\")");
      return error;
    }
    ProfileReader r(origin, t, *id, error);

    if (auto it = defined_here.find(*id); it != defined_here.end()) {
      r.fail_key("id", "duplicate profile id " + quoted(*id) + " (first defined on line " + std::to_string(it->second) +
                           ")");
      return error;
    }
    defined_here.emplace(*id, t.source().begin.line);

    const bool override_flag = r.boolean("override").value_or(false);
    const auto base_id = r.string("base");
    if (r.failed()) return error;
    auto existing = std::find_if(out.profiles.begin(), out.profiles.end(),
                                 [&](const ClientProfile& p) { return p.id == *id; });

    if (override_flag && base_id) {
      r.fail_key("base", "override = true and base cannot be combined" + r.in_profile() +
                             " (an override starts from the profile it replaces)");
      return error;
    }
    if (override_flag) {
      if (existing == out.profiles.end()) {
        r.fail_key("override", "override = true, but there is no profile " + quoted(*id) + " to override");
        return error;
      }
      ClientProfile p = *existing;
      apply(r, p, false);
      if (r.failed()) return error;
      *existing = std::move(p);
      continue;
    }
    if (existing != out.profiles.end()) {
      r.fail_key("id", "profile " + quoted(*id) +
                           " already exists (built in): set override = true to change it, or choose another id");
      return error;
    }

    ClientProfile p;
    bool fresh = true;
    if (base_id) {
      const ClientProfile* from = out.find(*base_id);
      if (from == nullptr) {
        r.fail_key("base", "base = " + quoted(*base_id) + ": no such profile" + r.in_profile());
        return error;
      }
      if (r.get("name") == nullptr) {
        r.fail_table("missing required key name" + r.in_profile());
        return error;
      }
      p = *from;
      p.description.clear();
      fresh = false;
    }
    p.id = *id;
    apply(r, p, fresh);
    if (r.failed()) return error;
    out.profiles.push_back(std::move(p));
  }
  return {};
}

}  // namespace

Result<ProfileSet> merge_profiles(const ProfileSet& base, std::string_view toml, std::string_view origin) {
  ProfileSet out = base;
  if (auto error = merge_into(out, toml, origin); !error.empty()) return Error{std::move(error)};
  return out;
}

Result<ProfileSet> parse_profiles(std::string_view toml, std::string_view origin) {
  return merge_profiles(ProfileSet{}, toml, origin);
}

Result<ProfileSet> load_profiles_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open the profiles file"};
  std::string text;
  char buf[8192];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) return Error{path + ": larger than 1 MiB; not a profiles file"};
  }
  if (in.bad()) return Error{path + ": read error"};
  return merge_profiles(builtin_profiles(), text, path);
}

}  // namespace uccert::profiles
