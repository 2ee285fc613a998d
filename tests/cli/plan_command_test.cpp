// `uccert plan`, run whole in-process: arguments, exit codes, one-line errors.
#include <gtest/gtest.h>

#include "cli/inspect_helpers.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::run_uccert;

std::string example(const std::string& relative) { return std::string(UCCERT_SOURCE_DIR) + "/examples/" + relative; }

TEST(PlanCommand, StandardEditionPlan) {
  CommandResult r =
      run_uccert({"plan", example("standard-edition/topology.xml"), example("standard-edition/overlay.toml")});
  EXPECT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_NE(r.out.find("uccert plan: 3 certificates for contoso.com"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST(PlanCommand, DiffNeedsTwoFiles) {
  CommandResult r = run_uccert({"plan", "--diff", example("standard-edition/overlay.toml")});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(testing::count_lines(r.err), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("uccert: plan: --diff takes two topology files", 0), 0u) << r.err;
}

TEST(PlanCommand, DiffWithOldFiles) {
  CommandResult r =
      run_uccert({"plan", "--old", example("enterprise/topology.tbxml"), "--old", example("enterprise/overlay.toml"),
                  example("enterprise/topology.tbxml"), example("enterprise/overlay.toml"), "--format", "json"});
  EXPECT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_NE(r.out.find("\"change\": \"untouched\""), std::string::npos);
}

TEST(PlanCommand, TopologyErrorIsOneLineExitThree) {
  CommandResult r = run_uccert({"plan", example("enterprise/nope.xml")});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(testing::count_lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("nope.xml: no such file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace uccert::cli
