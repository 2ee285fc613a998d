#include "uccert/report/check_json.h"

#include "uccert/report/check_json_keys.h"
#include "uccert/report/report.h"
#include "uccert/report/endpoint_json.h"
#include "uccert/report/json_keys.h"
#include "uccert/report/json_text.h"

namespace uccert::report {

namespace k = check_keys;

namespace {

constexpr pki::UnixTime kDay = 86400;

std::string_view validity(const pki::Certificate& c, pki::UnixTime at) {
  if (at < c.not_before) return "not-yet-valid";
  if (at > c.not_after) return "expired";
  return "valid";
}

std::string san_text(const pki::GeneralName& n) {
  switch (n.type) {
    case pki::GeneralNameType::kDns: return n.value;
    case pki::GeneralNameType::kIp: return "IP:" + n.value;
    case pki::GeneralNameType::kUri: return "URI:" + n.value;
    case pki::GeneralNameType::kEmail: return "email:" + n.value;
    case pki::GeneralNameType::kDirectoryName: return "dirName:" + n.value;
    default: return "other:" + n.value;
  }
}

nlohmann::ordered_json chain_entry(const pki::Certificate& c, std::size_t index, pki::UnixTime at) {
  nlohmann::ordered_json j;
  j[k::kIndex] = index;
  j[k::kSubject] = c.subject.text;
  j[k::kIssuer] = c.issuer.text;
  j[k::kCommonNames] = c.subject_common_names;
  nlohmann::ordered_json sans = nlohmann::ordered_json::array();
  for (const auto& n : c.subject_alt_names) sans.push_back(san_text(n));
  j[k::kSubjectAltNames] = std::move(sans);
  j[k::kSerial] = c.serial_hex;
  j[k::kThumbprints] = {{k::kSha1, c.sha1_thumbprint}, {k::kSha256, c.sha256_thumbprint}};
  j[k::kNotBefore] = pki::format_time(c.not_before);
  j[k::kNotAfter] = pki::format_time(c.not_after);
  j[k::kValidity] = validity(c, at);
  // Whole days left (negative once expired), rounded down.
  const auto left = c.not_after - at;
  j[k::kDaysRemaining] = left >= 0 ? left / kDay : -((-left + kDay - 1) / kDay);
  j[k::kIsCa] = c.is_ca();
  j[k::kSelfSigned] = c.self_signed();
  return j;
}

nlohmann::ordered_json problem_json(const verify::Problem& p) {
  nlohmann::ordered_json j;
  j[k::kId] = p.id;
  j[k::kCertIndex] = p.cert_index;
  j[k::kMessage] = p.message;
  j[k::kFatal] = p.fatal;
  j[k::kParams] = nlohmann::ordered_json::object();
  for (const auto& [key, value] : p.params) j[k::kParams][key] = value;
  return j;
}

nlohmann::ordered_json profile_json(const profiles::ClientProfile& p, const rules::ProfileJudgement& pj) {
  nlohmann::ordered_json j;
  j[k::kId] = p.id;
  j[k::kProfileName] = p.name;
  j[k::kVerdict] = rules::to_string(pj.verdict);
  nlohmann::ordered_json path;
  path[k::kValid] = pj.path.valid();
  path[k::kAnchorSource] = pj.path.best.anchor_source ? nlohmann::ordered_json(*pj.path.best.anchor_source) : nlohmann::ordered_json();
  nlohmann::ordered_json certs = nlohmann::ordered_json::array();
  for (const auto& c : pj.path.best.certificates) certs.push_back(c ? c->sha1_thumbprint : std::string());
  path[k::kCertificates] = std::move(certs);
  path[k::kOrigins] = pj.path.best.origins;
  nlohmann::ordered_json problems = nlohmann::ordered_json::array();
  for (const auto& pr : pj.path.best.problems) problems.push_back(problem_json(pr));
  for (const auto& pr : pj.path.path_wide)
    if (!verify::has_problem(pj.path.best.problems, pr.id)) problems.push_back(problem_json(pr));
  path[k::kProblems] = std::move(problems);
  // One entry per certificate of the path below its anchor, when revocation data was at hand.
  nlohmann::ordered_json revocation = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < pj.path.best.revocation.size(); ++i) {
    const auto& s = pj.path.best.revocation[i];
    nlohmann::ordered_json r{{k::kIndex, i}, {k::kRevocationStatus, verify::to_string(s.state)}};
    r[k::kSource] = s.source.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.source);
    r[k::kRevokedAt] =
        s.state == verify::RevocationState::kRevoked ? nlohmann::ordered_json(pki::format_time(s.revoked_at)) : nullptr;
    r[k::kReason] = s.reason.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.reason);
    r[k::kWhy] = s.why.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.why);
    revocation.push_back(std::move(r));
  }
  path[k::kRevocation] = std::move(revocation);
  j[k::kPath] = std::move(path);
  if (pj.name_checked) {
    const auto* m = pj.name.matching();
    j[k::kNameMatch] = {{k::kHost, pj.name.host},
                        {k::kMatched, pj.name.matched},
                        {k::kEntry, m != nullptr ? nlohmann::ordered_json(m->entry) : nlohmann::ordered_json()}};
  } else {
    j[k::kNameMatch] = nullptr;
  }
  j[k::kTrustAnchors] = pj.anchors.size();
  j[k::kPoolIssuerAssumed] = pj.pool_issuer_assumed;
  return j;
}

nlohmann::ordered_json role_json(const rules::JudgeOptions& options) {
  if (!options.role) return nullptr;
  const auto& spec = profiles::role_spec(*options.role);
  nlohmann::ordered_json j;
  j[k::kRoleId] = spec.id;
  j[k::kRoleTitle] = spec.title;
  j[k::kUsages] = std::vector<std::string>(spec.usages.begin(), spec.usages.end());
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  for (const auto& n : options.role_names) {
    nlohmann::ordered_json e;
    e[k::kName] = n.name;
    e[k::kNameKind] = profiles::to_string(n.kind);
    e[k::kNeed] = profiles::to_string(n.need);
    e[k::kSubjectName] = n.subject;
    e[k::kWildcard] = n.wildcard.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(n.wildcard);
    e[k::kClients] = n.clients;
    e[k::kSource] = n.source;
    names.push_back(std::move(e));
  }
  j[k::kRoleNames] = std::move(names);
  return j;
}

}  // namespace

nlohmann::ordered_json finding_json(const rules::Finding& f) {
  nlohmann::ordered_json j;
  j[k::kId] = f.id;
  j[k::kSeverity] = rules::to_string(f.severity);
  j[k::kProfiles] = f.profiles;
  j[k::kMessage] = f.message;
  j[k::kFix] = f.fix;
  j[k::kSource] = f.source;
  j[k::kTitle] = f.title;
  j[k::kCertIndex] = f.cert_index;
  j[k::kProblems] = f.problems;
  j[k::kDetails] = nlohmann::ordered_json::object();
  for (const auto& [key, value] : f.details) j[k::kDetails][key] = value;
  j[k::kUncertain] = f.uncertain;
  return j;
}

nlohmann::ordered_json check_json(const CheckReport& r) {
  nlohmann::ordered_json j;
  j[k::kSchema] = k::kSchemaVersion;
  j[k::kCommand] = "check";
  j[k::kTarget] = r.evidence.target;
  j[k::kName] = r.evidence.dialled_name;
  j[k::kAt] = pki::format_time(r.options.at);
  j[k::kContainer] = r.evidence.container;
  j[k::kVerdict] = rules::to_string(r.judgement.worst());
  j[k::kExitCode] = exit_code(r);
  j[k::kVerdicts] = nlohmann::ordered_json::object();
  for (const auto& pj : r.judgement.profiles) j[k::kVerdicts][pj.profile_id] = rules::to_string(pj.verdict);
  j[k::kThresholds] = {{k::kWarnDays, r.options.expiry_warn_days}, {k::kFailDays, r.options.expiry_fail_days}};
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const auto& f : r.judgement.findings) findings.push_back(finding_json(f));
  j[k::kFindings] = std::move(findings);
  nlohmann::ordered_json chain = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < r.evidence.chain.size(); ++i)
    if (r.evidence.chain[i]) chain.push_back(chain_entry(*r.evidence.chain[i], i, r.options.at));
  j[k::kChain] = std::move(chain);
  nlohmann::ordered_json profiles = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < r.profiles.size() && i < r.judgement.profiles.size(); ++i)
    profiles.push_back(profile_json(r.profiles[i], r.judgement.profiles[i]));
  j[k::kProfiles] = std::move(profiles);
  j[k::kNotes] = r.notes;
  j[json_keys::kEndpoint] = r.evidence.endpoint ? endpoint_json(*r.evidence.endpoint) : nlohmann::ordered_json();
  j[k::kRole] = role_json(r.options);
  j[k::kFetchMode] = evidence::to_string(r.evidence.fetch_mode);
  nlohmann::ordered_json fetches = nlohmann::ordered_json::array();
  for (const auto& f : r.evidence.fetches) {
    fetches.push_back({{k::kPurpose, f.purpose},
                       {k::kUrl, f.url},
                       {k::kOutcome, evidence::to_string(f.outcome)},
                       {k::kMessage, f.detail},
                       {k::kFromCache, f.from_cache},
                       {k::kRedirectedToHttps, f.redirected_to_https},
                       {k::kBytes, f.bytes}});
  }
  j[k::kFetches] = std::move(fetches);
  return j;
}

std::string render_check_json(const CheckReport& report) { return json_text(check_json(report)); }

}  // namespace uccert::report
