// `uccert mobileconfig`: the profile parsed back with python3's plistlib (Debian's python3), each
// root found byte for byte; leaves and intermediates refused with the file to give instead.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

#include "cli/inspect_helpers.h"
#include "pki/load_fixtures.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::run_uccert;
using testing::TempDir;
namespace fs = std::filesystem;

// Runs python3 over the profile: prints, for each payload, its type, display name and the hex of
// its certificate; and the profile's own type.
std::string parsed_back(const std::string& profile) {
  const std::string cmd =
      "python3 -c 'import plistlib,sys\n"
      "p = plistlib.load(open(sys.argv[1], \"rb\"))\n"
      "print(p[\"PayloadType\"], p[\"PayloadIdentifier\"], p[\"PayloadUUID\"])\n"
      "for c in p[\"PayloadContent\"]:\n"
      "    print(c[\"PayloadType\"], c[\"PayloadUUID\"], c[\"PayloadContent\"].hex().upper(), "
      "c[\"PayloadDisplayName\"])\n' '" +
      profile + "'";
  std::FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return {};
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

std::string hex(const pki::Bytes& b) {
  std::string out;
  for (auto c : b) out += fmt::format("{:02X}", c);
  return out;
}

TEST(MobileconfigCommand, TheProfileHoldsEachRootByteForByte) {
  TempDir dir;
  const auto& chain = testing::test_chain();
  lab::Minted other = lab::mint(lab::root_ca_spec("Fabrikam Root & <Lab>", "Fabrikam"),
                                lab::KeyPair::cached(lab::KeySpec::ec("P-256"), 7));
  const std::string a = testing::write_pem_chain(dir, "contoso-root.pem", {chain.root});
  const std::string b = testing::write_der(dir, "fabrikam-root.cer", other);
  CommandResult r = run_uccert({"mobileconfig", a, b, "--out", dir.file("roots.mobileconfig"), "--identifier",
                                "com.contoso.uc-roots"});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_NE(r.out.find("Certificate Trust Settings"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("10.3"), std::string::npos);
  const std::string parsed = parsed_back(dir.file("roots.mobileconfig"));
  ASSERT_FALSE(parsed.empty()) << "python3 could not parse the profile";
  EXPECT_EQ(parsed.rfind("Configuration com.contoso.uc-roots ", 0), 0U) << parsed;
  EXPECT_NE(parsed.find("com.apple.security.root "), std::string::npos);
  EXPECT_NE(parsed.find(" " + hex(chain.root.der) + " Contoso Root CA\n"), std::string::npos) << parsed;
  EXPECT_NE(parsed.find(" " + hex(other.der) + " Fabrikam Root & <Lab>\n"), std::string::npos) << parsed;
  // Fresh UUIDs: three different ones (the profile and each payload).
  std::set<std::string> uuids;
  std::istringstream lines(parsed);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string type, second, third;
    words >> type >> second >> third;
    uuids.insert(type == "Configuration" ? third : second);
  }
  EXPECT_EQ(uuids.size(), 3U) << parsed;
}

TEST(MobileconfigCommand, ALeafOrAnIntermediateIsRefusedWithTheFileToGive) {
  TempDir dir;
  const auto& chain = testing::test_chain();
  for (const auto& [file, says] : {std::pair{testing::write_pem_chain(dir, "leaf.pem", {chain.leaf}),
                                             std::string("server (leaf) certificate")},
                                   std::pair{testing::write_pem_chain(dir, "issuing.pem", {chain.intermediate}),
                                             std::string("intermediate CA")}}) {
    CommandResult r = run_uccert({"mobileconfig", file, "--out", dir.file("out.mobileconfig")});
    EXPECT_EQ(r.exit, kExitUnknown);
    EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("give the"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.file("out.mobileconfig")));
  }
}

TEST(MobileconfigCommand, AnOutputInAMissingFolderOrAnExistingFile) {
  TempDir dir;
  const std::string root = testing::write_pem_chain(dir, "root.pem", {testing::test_chain().root});
  CommandResult r = run_uccert({"mobileconfig", root, "--out", dir.file("missing/out.mobileconfig")});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
  dir.write("taken.mobileconfig", "mine");
  r = run_uccert({"mobileconfig", root, "--out", dir.file("taken.mobileconfig")});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_NE(r.err.find("exists"), std::string::npos);
  r = run_uccert({"mobileconfig", root, "--out", dir.file("x.mobileconfig"), "--identifier", "not reverse dns"});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2);
}

}  // namespace
}  // namespace uccert::cli
