// Bad arguments: each is refused before any file is judged or any packet sent, with exit 3 and
// one line on stderr that names the command, the argument and what is wrong with it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/inspect_helpers.h"
#include "pki/load_fixtures.h"
#include "uccert/cli/app.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::TempDir;
using testing::run_uccert;
using testing::test_chain;

struct BadArgument {
  std::vector<std::string> args;  // "{pem}" is replaced by a good certificate file, "{junk}" by one
                                  // that holds no certificate
  std::string said;               // a part of the one line
};

class BadArguments : public ::testing::TestWithParam<BadArgument> {};

TEST_P(BadArguments, RefusedInOneLineWithExit3) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "c.pem", {test_chain().leaf, test_chain().intermediate});
  const std::string junk = dir.write("junk.pem", "not a certificate\n");
  std::vector<std::string> args = GetParam().args;
  for (auto& a : args) {
    if (a == "{pem}") a = pem;
    if (a == "{junk}") a = junk;
  }
  CommandResult r = run_uccert(args);
  EXPECT_EQ(r.exit, kExitUnknown) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
  EXPECT_EQ(r.err.rfind("uccert: ", 0), 0U) << r.err;
  EXPECT_NE(r.err.find(GetParam().said), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Check, BadArguments,
    ::testing::Values(
        BadArgument{{"check", "{pem}"}, "--name FQDN is required"},
        BadArgument{{"check", "sip.contoso.com"},
                    "uccert: check: sip.contoso.com: no such file; a live endpoint is HOST:PORT (sip.contoso.com:5061 "
                    "for SIP over TLS, sip.contoso.com:443 for web services)"},
        BadArgument{{"check", "missing-chain.pem"}, "uccert: check: --name FQDN is required"},
        BadArgument{{"check", "{pem}", "--name", "https://lyncdiscover.contoso.com/autodiscover"},
                    "--name https://lyncdiscover.contoso.com/autodiscover: a URL; give the host name alone "
                    "(lyncdiscover.contoso.com)"},
        BadArgument{{"check", "{pem}", "--name", "sip:alice@contoso.com"},
                    "--name sip:alice@contoso.com: a SIP URI; give the host name the client dialled (contoso.com)"},
        BadArgument{{"check", "{pem}", "--name", "sip contoso.com"}, "--name: host \"sip contoso.com\" is not a valid DNS name: it contains a space"},
        BadArgument{{"check", "{pem}", "--name", "sip..contoso.com"}, "is not a valid DNS name: it has an empty label"},
        BadArgument{{"check", "{pem}", "--name", "*.contoso.com"}, "a host name never contains '*'"},
        BadArgument{{"check", "{pem}", "--name", "10.0.0"}, "is not a valid IPv4 address"},
        BadArgument{{"check", "sip.contoso.com:65536"}, "sip.contoso.com:65536: no such file, nor a live endpoint: "
                                                       "'sip.contoso.com:65536': '65536' is not a port number (1-65535)"},
        BadArgument{{"check", "sip.contoso.com:0", "--name", "sip.contoso.com"}, "'0' is not a port number"},
        BadArgument{{"check", "/nonexistent/chain.pem", "--name", "sip.contoso.com"}, "/nonexistent/chain.pem: no such file"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--profile", "nokia"}, "unknown profile id \"nokia\""},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--fail-days", "40"}, "--fail-days 40 is more than --warn-days 30"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--format", "yaml"}, "--format"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--enterprise-root", "/nonexistent/root.pem"},
                    "/nonexistent/root.pem: no such file"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--password-env", ""}, "--password-env"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--password-file", ""}, "--password-file"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--password-file", "/nonexistent/pw"},
                    "/nonexistent/pw: cannot read the password file"},
        BadArgument{{"check", "sip.contoso.com:5061", "--timeout", "0"}, "--timeout 0: give a number of seconds above 0, at most 3600"},
        BadArgument{{"check", "sip.contoso.com:5061", "--dns-server", "", "--connect-to",
                     "sip.contoso.com:5061:127.0.0.1:1"},
                    "--dns-server '': empty"},
        BadArgument{{"check", "sip.contoso.com:5061", "--sni", "a b", "--dns-server", "127.0.0.1:1"},
                    "--sni: host \"a b\" is not a valid DNS name"},
        BadArgument{{"check", "sip.contoso.com:5061", "--sni", "*.contoso.com", "--dns-server", "127.0.0.1:1"},
                    "--sni: "},
        BadArgument{{"check", "sip.contoso.com:5061", "--sni", "127.0.0.1", "--dns-server", "127.0.0.1:1"},
                    "an address is never sent as a server name"},
        BadArgument{{"check", "sip.contoso.com:5061", "--dns-server", "127.0.0.1:99999"},
                    "--dns-server '127.0.0.1:99999': '99999' is not a port number (1-65535)"},
        // Trust files are read before the probe: said at once, not after a --timeout of waiting.
        BadArgument{{"check", "sip.contoso.com:5061", "--dns-server", "127.0.0.1:1", "--public-roots",
                     "/nonexistent/roots.pem"},
                    "uccert: check: /nonexistent/roots.pem: no such file"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--public-roots", "{junk}"}, "junk.pem: "},
        // Probe options do not apply to a file, but a value no probe could take is still refused.
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--timeout", "-1"}, "--timeout -1"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--proto", "ftp"}, "--proto ftp"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--connect-to", "garbage"}, "garbage"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--dns-server", "garbage:99999"}, "99999"}),
    [](const ::testing::TestParamInfo<BadArgument>& p) { return "Case" + std::to_string(p.index); });

// --role and its inputs (docs/roles.md).
INSTANTIATE_TEST_SUITE_P(
    CheckRole, BadArguments,
    ::testing::Values(
        BadArgument{{"check", "{pem}", "--role", "edge"},
                    "uccert: check: --role edge: unknown role (one of fe-default, fe-web-internal, fe-web-external, "
                    "director, edge-internal, edge-external, reverse-proxy, exchange-um, exchange-web, "
                    "office-web-apps, mediation, sbc)"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--name", "webconf.contoso.com"},
                    "--name given more than once: several names are the names of a role (--role ROLE)"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--sip-domain", "contoso.com"},
                    "--sip-domain contoso.com: a role input; say which role with --role ROLE"},
        BadArgument{{"check", "{pem}", "--role", "fe-web-internal", "--simple-url", "https:///meet"},
                    "--simple-url https:///meet: no host name in it"},
        BadArgument{{"check", "{pem}", "--role", "edge-external", "--sip-domain", "conto so.com"},
                    "--sip-domain conto so.com: "},
        BadArgument{{"check", "{pem}", "--role", "edge-internal"},
                    "--role edge-internal: no name to check; give --name FQDN"}),
    [](const ::testing::TestParamInfo<BadArgument>& p) { return "Case" + std::to_string(p.index); });

INSTANTIATE_TEST_SUITE_P(
    Discover, BadArguments,
    ::testing::Values(
        BadArgument{{"discover", "contoso..com", "--dns-server", "127.0.0.1:1"}, "'contoso..com': a DNS name has no empty label"},
        BadArgument{{"discover", std::string(64, 'a') + ".com", "--dns-server", "127.0.0.1:1"},
                    "a label is longer than 63 characters"},
        BadArgument{{"discover", "contoso.com", "--dns-server", "[::1]:70000"}, "'70000' is not a port number (1-65535)"},
        BadArgument{{"discover", "contoso.com", "--dns-server", "127.0.0.1:"}, "is not a port number"},
        // Empty, as from an unset variable: c-ares would fall back to the system resolver.
        BadArgument{{"discover", "contoso.com", "--dns-server", "", "--no-probe"}, "--dns-server '': empty"},
        BadArgument{{"discover", "contoso.com", "--dns-server", "127.0.0.1:1", "--deadline", "0"}, "--deadline 0"},
        // A repeatable option takes one value each time: the SIP domain after it is not swallowed.
        BadArgument{{"discover", "--profile", "lync-desktop", "contoso..com", "--dns-server", "127.0.0.1:1"},
                    "'contoso..com': a DNS name has no empty label"},
        BadArgument{{"discover", "contoso.com", "--dns-server", "127.0.0.1:1", "--enterprise-root",
                     "/nonexistent/root.pem"},
                    "uccert: discover: /nonexistent/root.pem: no such file"},
        // Decoded beside the lookups: a file that holds no certificate ends the run all the same.
        BadArgument{{"discover", "contoso.com", "--dns-server", "127.0.0.1:1", "--timeout", "1",
                     "--mobile-root", "{junk}"},
                    "junk.pem: "}),
    [](const ::testing::TestParamInfo<BadArgument>& p) { return "Case" + std::to_string(p.index); });

// What was wrong is quoted in the line, so its control characters are shown as \xHH: a newline in
// an argument cannot make the error two lines, an escape sequence cannot reach the terminal.
INSTANTIATE_TEST_SUITE_P(
    Escaped, BadArguments,
    ::testing::Values(
        BadArgument{{"inspect", "nl\nfile.pem"}, "uccert: inspect: nl\\x0Afile.pem: no such file"},
        BadArgument{{"inspect", "esc\x1b[31mfile.pem"}, "esc\\x1B[31mfile.pem: no such file"},
        BadArgument{{"check", "{pem}", "--name", "a\nb"}, "--name: host \"a\\x0Ab\""},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--profile", "a\nb"}, "unknown profile id"},
        BadArgument{{"discover", "a\nb.com", "--dns-server", "127.0.0.1:1"}, "a\\x0Ab.com"},
        BadArgument{{"frobnicate\r"}, "'frobnicate\\x0D' is not a command"}),
    [](const ::testing::TestParamInfo<BadArgument>& p) { return "Case" + std::to_string(p.index); });

INSTANTIATE_TEST_SUITE_P(
    Parser, BadArguments,
    ::testing::Values(
        BadArgument{{"frobnicate"}, "'frobnicate' is not a command (inspect, thumbprint, lab, check, discover, rules, csr, mobileconfig, explain, "
                                   "plan, audit, scan, serve; see: uccert --help)"},
        BadArgument{{"check", "sip.contoso.com:5061", "--timeout", "abc"}, "uccert: check: "},
        BadArgument{{"check", "sip.contoso.com:5061", "--timeout", "abc"}, "(see: uccert check --help)"},
        BadArgument{{"check", "{pem}", "--name", "sip.contoso.com", "--bogus"}, "uccert: check: "},
        BadArgument{{"lab", "mint", "healthy"}, "uccert: lab mint: --out is required (see: uccert lab mint --help)"}),
    [](const ::testing::TestParamInfo<BadArgument>& p) { return "Case" + std::to_string(p.index); });

}  // namespace
}  // namespace uccert::cli
