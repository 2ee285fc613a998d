// The demo deployment: a small Contoso Lync / Exchange deployment's certificates, minted into a
// folder with the mistakes the seed articles describe (uc-rules "Seed scenarios"), and the list
// of `uccert check` runs that diagnose each one (DIR/scenarios.tsv).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"

namespace uccert::lab {

// One `uccert check` run: uccert check --name NAME OPTIONS... FILE
struct DemoScenario {
  std::string id;                    // "s01-fe-wildcard-sip"
  std::string description;           // the one-line story, citing uc-rules ids
  std::string file;                  // absolute path of the certificate file to check
  std::string name;                  // the host the client dials (--name)
  std::vector<std::string> options;  // further arguments, in order (--enterprise-root PATH ...)
  // What the story predicts per requested profile ("pass", "warn", "fail"), from uc-rules, in
  // the order of the --profile options: {"phone-edition-legacy", "fail"}.
  std::vector<std::pair<std::string, std::string>> expect;

  std::vector<std::string> command_args() const;  // "--name", name, options..., file
  int expected_exit() const;                      // worst expected verdict: 0, 1 or 2
};

struct DemoDeployment {
  std::filesystem::path dir;                 // absolute
  std::vector<DemoScenario> scenarios;       // in the order the demo tells the story
  std::vector<std::filesystem::path> files;  // every file written, scenarios.tsv last
};

// File names inside the demo folder (tests and docs refer to them).
namespace demo_file {
inline constexpr std::string_view kEnterpriseRoot = "contoso-root.pem";
inline constexpr std::string_view kEnterpriseIssuing = "contoso-issuing-ca.pem";
inline constexpr std::string_view kPublicRoot = "public-root.pem";
inline constexpr std::string_view kPublicIntermediate = "public-intermediate.pem";
inline constexpr std::string_view kFrontEndWildcard = "fe-default-wildcard.pem";
inline constexpr std::string_view kFrontEndGood = "fe-default.pem";
inline constexpr std::string_view kUmWildcardCn = "um-wildcard-cn.pem";
inline constexpr std::string_view kUmCnInSan = "um-cn-mail.pem";
inline constexpr std::string_view kUmGood = "um-exch01.pem";
inline constexpr std::string_view kEdgeInternalCa = "edge-internal-ca.pem";
inline constexpr std::string_view kEdgePublicLeafOnly = "edge-public-leaf-only.pem";
inline constexpr std::string_view kEdgePublicFullChain = "edge-public-full-chain.pem";
inline constexpr std::string_view kNotYetValid = "fe-not-yet-valid.pem";
inline constexpr std::string_view kExchangeWebPublic = "exchange-web-public.pem";
inline constexpr std::string_view kScenarios = "scenarios.tsv";
}  // namespace demo_file

// The deployment's names.
namespace demo_host {
inline constexpr std::string_view kSipDomain = "contoso.com";
inline constexpr std::string_view kPool = "pool01.corp.contoso.com";  // another namespace (S-01)
inline constexpr std::string_view kSip = "sip.contoso.com";           // _sipinternaltls SRV target
inline constexpr std::string_view kExchange = "exch01.contoso.com";   // Exchange UM server
inline constexpr std::string_view kMail = "mail.contoso.com";         // Exchange web services
inline constexpr std::string_view kWebconf = "webconf.contoso.com";
}  // namespace demo_host

inline constexpr std::string_view kEnterpriseRootCn = "Contoso Enterprise Root CA";
inline constexpr std::string_view kEnterpriseIssuingCn = "Contoso Issuing CA";
inline constexpr std::string_view kPublicRootCn = "Example Public Root CA";
inline constexpr std::string_view kPublicIntermediateCn = "Example Public TLS CA";

// Where the deployment's RSA-2048 keys come from: fresh ones (the command), or the shared test
// key pool (KeyPair::cached; tests, where key generation would dominate the run time).
enum class DemoKeys { kFresh, kCached };

// Mints the deployment into `dir` (created if missing; existing files of the same names are
// replaced) as of time `at`, and writes DIR/scenarios.tsv.
Result<DemoDeployment> mint_demo(const std::filesystem::path& dir, pki::UnixTime at,
                                 DemoKeys keys = DemoKeys::kFresh);

// scenarios.tsv: a comment line, then one line per scenario:
//   id TAB description TAB file TAB name TAB expect [TAB option]...
// expect is "profile:verdict,profile:verdict..." (the worst of them is the expected exit: pass 0,
// warn 1, fail 2). Each option (flag or value) is its own field, so paths with spaces survive.
std::string format_scenarios_tsv(const std::vector<DemoScenario>& scenarios);
Result<std::vector<DemoScenario>> parse_scenarios_tsv(std::string_view text);

}  // namespace uccert::lab
