// `uccert serve` refuses what it cannot honour before it listens: one line, exit 3.
#include <gtest/gtest.h>

#include "cli/inspect_helpers.h"

namespace uccert::cli {
namespace {

using testing::count_lines;
using testing::run_uccert;

void expect_refused(const std::vector<std::string>& args, const std::string& says) {
  auto r = run_uccert(args);
  EXPECT_EQ(r.exit, 3) << r.out << r.err;
  EXPECT_EQ(count_lines(r.err), 1U) << r.err;
  EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(ServeArguments, BadListenTokenOrAllowIsOneLine) {
  expect_refused({"serve", "--listen", "nowhere"}, "--listen nowhere");
  expect_refused({"serve", "--listen", "sip.contoso.com:8443"}, "give an IP address");
  expect_refused({"serve", "--listen", "0.0.0.0:0", "--token", "short"}, "--token");
  expect_refused({"serve", "--allow", "10.0.0.0/33"}, "--allow 10.0.0.0/33");
  expect_refused({"serve", "--allow", "10.0.0.0/x"}, "--allow 10.0.0.0/x");
}

}  // namespace
}  // namespace uccert::cli
