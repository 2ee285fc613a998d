// A certificate's names and a file's name are whatever their author wrote: they reach the
// terminal as text that cannot drive it, and JSON as valid UTF-8, whatever bytes they hold.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "cli/inspect_helpers.h"
#include "pki/load_fixtures.h"

namespace uccert::cli {
namespace {

using testing::TempDir;
using testing::run_uccert;
using testing::test_chain;

lab::Minted hostile_leaf() {
  auto spec = lab::server_spec("line1\nUCCERT: fake error\r\x1b]0;pwned\x07\x1b[2J", {"sip.contoso.com\x1b[31m"});
  return lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::ec("P-256"), 0), &test_chain().intermediate);
}

TEST(HostileNamesOutput, CheckTextShowsControlCharactersInsteadOfObeyingThem) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "hostile.pem", {hostile_leaf(), test_chain().intermediate});
  auto r = run_uccert({"check", "--name", "sip.contoso.com", pem});
  ASSERT_FALSE(r.out.empty()) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x07'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\nUCCERT: fake error"), std::string::npos) << "a line of its own: " << r.out;
  EXPECT_NE(r.out.find("line1\\x0AUCCERT: fake error\\x0D\\x1B]0;pwned"), std::string::npos) << r.out;
}

TEST(HostileNamesOutput, InspectTextShowsControlCharactersInsteadOfObeyingThem) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "hostile.pem", {hostile_leaf()});
  auto r = run_uccert({"inspect", pem});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\nUCCERT: fake error"), std::string::npos) << r.out;
}

// nlohmann::json throws on bytes that are not UTF-8; the report replaces them instead.
TEST(HostileNamesOutput, CheckJsonIsValidWhenAFileNameIsNotUtf8) {
  TempDir dir;
  const std::string pem =
      testing::write_pem_chain(dir, "bad\xff\xfename.pem", {test_chain().leaf, test_chain().intermediate});
  auto r = run_uccert({"check", "--name", "sip.contoso.com", "--format", "json", pem});
  EXPECT_NE(r.exit, 3) << r.err;
  EXPECT_EQ(r.err, "");
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_NE(j.dump().find("bad\xef\xbf\xbd\xef\xbf\xbdname.pem"), std::string::npos) << j.dump();
}

}  // namespace
}  // namespace uccert::cli
