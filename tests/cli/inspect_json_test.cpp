// `--format json` checked against docs/json.md itself: the tables there are parsed, and every
// object in the output must have exactly the documented keys with the documented types. A field
// added to the output without documentation (or documented and missing) fails here.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>

#include "cli/inspect_helpers.h"
#include "pki/load_fixtures.h"

namespace uccert::cli {
namespace {

using nlohmann::json;
using testing::CommandResult;
using testing::TempDir;
using testing::run_uccert;
using testing::test_chain;

// object name -> key -> type text ("string or null", "array of certificate"...), in table order.
using Shape = std::map<std::string, std::vector<std::pair<std::string, std::string>>>;

Shape documented_shape() {
  std::ifstream in(std::string(UCCERT_SOURCE_DIR) + "/docs/json.md");
  EXPECT_TRUE(in) << "docs/json.md not found";
  Shape shape;
  std::string line;
  std::string current;
  const std::regex heading(R"(^### `([a-z0-9-]+)` object)");
  const std::regex row(R"(^\| `([a-z0-9_]+)` \| ([^|]+) \|)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, heading)) {
      current = m[1];
      shape[current];
    } else if (line.rfind("## ", 0) == 0) {
      current.clear();
    } else if (!current.empty() && std::regex_search(line, m, row)) {
      std::string type = m[2];
      while (!type.empty() && type.back() == ' ') type.pop_back();
      shape[current].emplace_back(m[1], type);
    }
  }
  return shape;
}

class ShapeChecker {
 public:
  explicit ShapeChecker(Shape shape) : shape_(std::move(shape)) {}

  void check_object(const json& value, const std::string& object, const std::string& where) {
    ++checked_[object];
    auto it = shape_.find(object);
    ASSERT_NE(it, shape_.end()) << "docs/json.md has no `" << object << "` object (" << where << ")";
    ASSERT_TRUE(value.is_object()) << where << " is not an object";
    for (const auto& [key, type] : it->second) {
      ASSERT_TRUE(value.contains(key)) << where << ": documented key `" << key << "` missing";
      check_type(value.at(key), type, where + "." + key);
    }
    for (const auto& item : value.items()) {
      bool documented = false;
      for (const auto& kv : it->second) documented = documented || kv.first == item.key();
      EXPECT_TRUE(documented) << where << ": key `" << item.key() << "` is not in docs/json.md";
    }
  }

  void check_type(const json& value, std::string type, const std::string& where) {
    const std::string kOrNull = " or null";
    if (type.size() > kOrNull.size() && type.compare(type.size() - kOrNull.size(), kOrNull.size(), kOrNull) == 0) {
      if (value.is_null()) {
        ++nulls_[where];
        return;
      }
      type.resize(type.size() - kOrNull.size());
    }
    if (type == "string") {
      EXPECT_TRUE(value.is_string()) << where << " should be a string: " << value.dump();
    } else if (type == "integer") {
      EXPECT_TRUE(value.is_number_integer()) << where << " should be an integer: " << value.dump();
    } else if (type == "boolean") {
      EXPECT_TRUE(value.is_boolean()) << where << " should be a boolean: " << value.dump();
    } else if (type.rfind("array of ", 0) == 0) {
      ASSERT_TRUE(value.is_array()) << where << " should be an array: " << value.dump();
      const std::string element = type.substr(9);
      for (std::size_t i = 0; i < value.size(); ++i) check_type(value[i], element, where + "[" + std::to_string(i) + "]");
    } else {
      check_object(value, type, where);
    }
  }

  const std::map<std::string, int>& checked() const { return checked_; }

 private:
  Shape shape_;
  std::map<std::string, int> checked_;
  std::map<std::string, int> nulls_;
};

TEST(InspectJson, DocumentedShapeIsParsed) {
  Shape shape = documented_shape();
  // The parser must find the tables, or the checks below prove nothing.
  ASSERT_GE(shape.size(), 20U);
  EXPECT_EQ(shape["file"].size(), 9U);
  EXPECT_GE(shape["certificate"].size(), 28U);
}

TEST(InspectJson, EveryContainerMatchesTheDocumentedShape) {
  TempDir dir;
  const auto chain = test_chain().leaf_first();
  lab::Pkcs12Options opt;
  opt.password = "pw";
  const std::string pw = dir.write("pw", "pw\n");
  const std::vector<std::string> files = {
      testing::write_p12(dir, "pool.pfx", chain, opt),
      testing::write_der(dir, "leaf.cer", test_chain().leaf),
      testing::write_csr(dir, "pool.csr", lab::Encoding::kDer),
      testing::write_pem_chain(dir, "chain.pem", chain),
      testing::write_p7(dir, "chain.p7b", chain, lab::Encoding::kPem),
      dir.file("missing.pem"),
  };
  std::vector<std::string> args = {"inspect", "--format", "json", "--password-file", pw, "--at",
                                   "2026-11-23T00:00:00Z"};
  args.insert(args.end(), files.begin(), files.end());
  CommandResult r = run_uccert(args);
  EXPECT_EQ(r.exit, kExitUnknown);  // the missing file
  json doc = json::parse(r.out);

  ShapeChecker checker(documented_shape());
  checker.check_object(doc, "inspect", "$");
  // Every documented object is reached at least once (so none is documented but never written).
  for (const char* object : {"file", "certificate", "name", "name-attribute", "general-name", "public-key",
                             "signature-algorithm", "key-usage", "extended-key-usage", "key-purpose",
                             "basic-constraints", "authority-info-access", "policy", "thumbprints", "extension",
                             "chain", "chain-link", "pkcs12", "csr"}) {
    EXPECT_GT(checker.checked().count(object), 0U) << object << " never checked";
  }

  EXPECT_EQ(doc["schema"], 1);
  ASSERT_EQ(doc["files"].size(), files.size());
  const json& p12 = doc["files"][0];
  EXPECT_EQ(p12["container"], "PKCS#12");
  EXPECT_EQ(p12["certificates"].size(), 3U);
  EXPECT_EQ(p12["pkcs12"]["key_matches_leaf"], true);
  EXPECT_EQ(p12["pkcs12"]["carries_chain"], true);
  EXPECT_EQ(doc["files"][1]["container"], "DER");
  const json& leaf = doc["files"][1]["certificates"][0];
  EXPECT_EQ(leaf["days_remaining"], 190);
  EXPECT_EQ(leaf["validity"], "valid");
  EXPECT_EQ(leaf["serial"], "0123456789AB");
  EXPECT_EQ(leaf["subject"]["common_names"], json::array({"pool01.contoso.com"}));
  EXPECT_EQ(leaf["subject_alt_names"].size(), 7U);
  EXPECT_EQ(leaf["sct_list"], true);
  EXPECT_EQ(leaf["extended_key_usage"]["usages"][0]["oid"], "1.3.6.1.5.5.7.3.1");
  EXPECT_EQ(leaf["thumbprints"]["sha1"], test_chain().leaf.cert->sha1_thumbprint);
  EXPECT_EQ(doc["files"][2]["container"], "PKCS#10");
  EXPECT_EQ(doc["files"][2]["csr"]["signature_valid"], true);
  EXPECT_EQ(doc["files"][3]["chain"]["order"], "leaf-first");
  EXPECT_EQ(doc["files"][3]["chain"]["root_included"], true);
  EXPECT_EQ(doc["files"][4]["container"], "PKCS#7");
  EXPECT_TRUE(doc["files"][5]["error"].is_string());
  EXPECT_TRUE(doc["files"][5]["container"].is_null());
}

TEST(InspectJson, ThumbprintMatchesTheDocumentedShape) {
  CommandResult r = run_uccert({"thumbprint", "--format", "json", "\u200ea9 09 50 2d d8 2a e4 14 33 e6 f8 38 86 b0 0d 42 77 a3 2a 7b"});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  json doc = json::parse(r.out);
  ShapeChecker checker(documented_shape());
  checker.check_object(doc, "thumbprint", "$");
  EXPECT_GT(checker.checked().count("removed-character"), 0U);
  EXPECT_EQ(doc["thumbprint"], "A909502DD82AE41433E6F83886B00D4277A32A7B");
  EXPECT_EQ(doc["removed"][0]["code_point"], "U+200E");
}

}  // namespace
}  // namespace uccert::cli
