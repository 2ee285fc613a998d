// Clients nobody here wrote, against every endpoint of both built-in scenarios: curl (OpenSSL),
// gnutls-cli (GnuTLS) and Python's ssl module accept or refuse each certificate, and uccert's
// `browser` verdict must say the same (fail = refuse; pass or warn = accept), or the
// disagreement must be one of the documented, explained differences below (docs/conformance.md,
// "Generic TLS clients against the lab"). A new disagreement fails, and so does a documented
// one that no longer happens.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "integration/live_lab.h"

namespace uccert::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const char* const kCurl = "/usr/bin/curl";
const char* const kGnutls = "/usr/bin/gnutls-cli";
const char* const kPython = "/usr/bin/python3";

enum class Outcome { kAccept, kRefuse, kError };

std::string text(Outcome o) {
  return o == Outcome::kAccept ? "accept" : o == Outcome::kRefuse ? "refuse" : "error";
}

struct Target {
  std::string scenario;
  lab::ServedEndpoint endpoint;
  fs::path roots;  // the scenario's self-signed roots, one PEM file
};

Outcome by_curl(const Target& t, const fs::path& logs) {
  const auto& e = t.endpoint;
  const bool smtp = e.protocol == lab::EndpointProtocol::kSmtp;
  std::vector<std::string> argv = {kCurl, "-sS", "-o", "/dev/null", "--max-time", "10", "--cacert", t.roots.string(),
                                   "--connect-to", fmt::format("{}:{}:127.0.0.1:{}", e.host, e.port, e.lab_port)};
  if (smtp) argv.emplace_back("--ssl-reqd");
  argv.push_back(fmt::format("{}://{}:{}/", smtp ? "smtp" : "https", e.host, e.port));
  const auto r = run_program(argv, logs);
  // 60: the certificate failed verification (name, date, chain); anything else after the
  // handshake (an HTTP client that met a SIP server...) means the certificate was accepted.
  if (r.exit == 60 || r.exit == 51) return Outcome::kRefuse;
  if (r.exit < 0 || r.exit == 7 || r.exit == 28 || r.exit == 35) return Outcome::kError;
  return Outcome::kAccept;
}

Outcome by_gnutls(const Target& t, const fs::path& logs) {
  const auto& e = t.endpoint;
  std::vector<std::string> argv = {kGnutls, "--x509cafile=" + t.roots.string(), "--verify-hostname=" + e.host,
                                   "--sni-hostname=" + e.host, "-p", std::to_string(e.lab_port)};
  if (e.protocol == lab::EndpointProtocol::kSmtp) argv.emplace_back("--starttls-proto=smtp");
  argv.emplace_back("127.0.0.1");
  const auto r = run_program(argv, logs);
  if (r.exit == 0) return Outcome::kAccept;
  const std::string said = r.out + r.err;
  if (said.find("verification") != std::string::npos || said.find("certificate") != std::string::npos)
    return Outcome::kRefuse;
  return Outcome::kError;
}

Outcome by_python(const Target& t, const fs::path& logs) {
  const auto& e = t.endpoint;
  const char* const script = R"(import smtplib, socket, ssl, sys
cafile, host, port, proto = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ctx = ssl.create_default_context(cafile=cafile)
try:
    if proto == "smtp":
        s = smtplib.SMTP("127.0.0.1", port, timeout=10)
        s._host = host
        s.ehlo()
        s.starttls(context=ctx)
    else:
        ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10), server_hostname=host)
    print("accept")
except ssl.SSLCertVerificationError as err:
    print("refuse", err.verify_message)
except Exception as err:
    print("error", err)
)";
  const auto r = run_program({kPython, "-c", script, t.roots.string(), e.host, std::to_string(e.lab_port),
                              std::string(lab::protocol_name(e.protocol))},
                             logs);
  if (r.out.rfind("accept", 0) == 0) return Outcome::kAccept;
  if (r.out.rfind("refuse", 0) == 0) return Outcome::kRefuse;
  return Outcome::kError;
}

Outcome by_uccert(const Target& t, const fs::path& lab_dir) {
  const auto& e = t.endpoint;
  const CommandResult r = run_uccert(
      {"check", "--format", "json", "--profile", "browser", "--name", e.host, "--proto",
       e.protocol == lab::EndpointProtocol::kSmtp ? "smtp" : "tls", "--connect-to",
       fmt::format("{}:{}:127.0.0.1:{}", e.host, e.port, e.lab_port), "--enterprise-root",
       (lab_dir / "ca" / "contoso-root.pem").string(), "--public-roots", (lab_dir / "ca" / "public-root.pem").string(),
       fmt::format("{}:{}", e.host, e.port)});
  if (r.exit < 0 || r.exit > 2) return Outcome::kError;
  return Json::parse(r.out)["verdicts"].value("browser", "") == "fail" ? Outcome::kRefuse : Outcome::kAccept;
}

// (scenario, endpoint) -> why uccert's browser verdict and the generic libraries differ there.
const std::map<std::pair<std::string, std::string>, std::string>& documented_differences() {
  static const std::map<std::pair<std::string, std::string>, std::string> kDifferences = {
      {{"field-mistakes", "rp-lyncdiscover"},
       "the leaf is sent without its intermediate: browsers fetch it from the AIA URL (uccert warns), "
       "curl, GnuTLS and Python do not and refuse (K-08)"},
      {{"healthy", "exchange-um"},
       "the UM certificate has its name in the CN only, no SAN (UM-02): browsers ignore the CN (uccert fails), "
       "OpenSSL, GnuTLS and Python still fall back to it when there is no SAN"},
  };
  return kDifferences;
}

TEST(LabClients, GenericTlsClientsAgreeWithTheBrowserVerdictOrTheDifferenceIsDocumented) {
  for (const char* tool : {kCurl, kGnutls, kPython})
    if (::access(tool, X_OK) != 0) GTEST_SKIP() << tool << " is missing (scripts/install-deps.sh installs it)";

  std::set<std::pair<std::string, std::string>> differing;
  for (const char* scenario : {"healthy", "field-mistakes"}) {
    LiveLab lab(scenario);
    ASSERT_TRUE(lab.up()) << lab.why();
    const fs::path roots = lab.dir() / "roots.pem";
    std::ofstream(roots) << read_all(lab.dir() / "ca" / "contoso-root.pem")
                         << read_all(lab.dir() / "ca" / "public-root.pem");
    const fs::path logs = lab.dir() / "client";
    for (const auto& e : lab.state().endpoints) {
      const Target t{scenario, e, roots};
      const Outcome reference = by_uccert(t, lab.dir());
      ASSERT_NE(reference, Outcome::kError) << scenario << " " << e.id;
      const std::vector<std::pair<std::string, Outcome>> clients = {
          {"curl", by_curl(t, logs)}, {"gnutls-cli", by_gnutls(t, logs)}, {"python-ssl", by_python(t, logs)}};
      const auto documented = documented_differences().find({scenario, e.id});
      for (const auto& [client, outcome] : clients) {
        ASSERT_NE(outcome, Outcome::kError) << client << " could not reach " << scenario << " " << e.id;
        if (outcome == reference) continue;
        differing.insert({scenario, e.id});
        EXPECT_NE(documented, documented_differences().end())
            << scenario << " " << e.id << ": " << client << " says " << text(outcome) << ", uccert's browser verdict "
            << text(reference) << " (a uccert defect, or a difference to explain in docs/conformance.md)";
      }
    }
  }
  for (const auto& [where, why] : documented_differences())
    EXPECT_TRUE(differing.count(where) != 0) << where.first << " " << where.second
                                              << ": documented as a difference but every client agrees now: " << why;
}

}  // namespace
}  // namespace uccert::testing
