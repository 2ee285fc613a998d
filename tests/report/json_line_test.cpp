// append_json_line writes what nlohmann's compact dump (with invalid UTF-8 replaced) writes.
#include "uccert/report/json_line.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace uccert::report {
namespace {

using Json = nlohmann::ordered_json;

std::string library(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string ours(const Json& j) {
  std::string out;
  append_json_line(out, j);
  return out;
}

TEST(JsonLine, WritesWhatTheLibraryWritesForEveryKindOfValue) {
  Json j;
  j["plain"] = "CN=sip.contoso.com, O=Contoso";
  j["quote and backslash"] = "say \"hi\" C:\\certs";
  j["controls"] = std::string("tab\there\nline\x01\x1f\x7f");
  j["utf8"] = "Zürich — 東京";
  j["not utf8"] = std::string("bad \xff\xfe byte \xc3");
  j["key \"quoted\"\n"] = true;
  j["false"] = false;
  j["null"] = nullptr;
  j["int"] = -42;
  j["big"] = std::numeric_limits<std::int64_t>::min();
  j["unsigned"] = std::numeric_limits<std::uint64_t>::max();
  j["seconds"] = 0.005123;
  j["whole float"] = 3.0;
  j["tiny"] = 1e-300;
  j["empty object"] = Json::object();
  j["empty array"] = Json::array();
  j["nested"] = Json::array({Json::object({{"a", Json::array({1, "x\"y", 2.5, nullptr})}}), "z", Json::array()});
  j[std::string("\xe2\x82", 2)] = "truncated key";
  EXPECT_EQ(ours(j), library(j));
  for (const auto& [key, value] : j.items()) EXPECT_EQ(ours(value), library(value)) << key;
}

TEST(JsonLine, AppendsToWhatIsThere) {
  std::string out = "x";
  append_json_line(out, Json::array({1, 2}));
  EXPECT_EQ(out, "x[1,2]");
}

}  // namespace
}  // namespace uccert::report
