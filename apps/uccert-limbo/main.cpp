// uccert-limbo: runs the x509-limbo conformance suite (C2SP/x509-limbo) through uccert's path
// builder, RFC 5280 validator and host name matcher, and writes the harness results JSON:
//   {"version":1,"harness":"uccert","results":[{"id","actual_result","context"}]}
//
//   uccert-limbo LIMBO_JSON [--output RESULTS_JSON] [--exceptions EXCEPTIONS_JSON]
//                [--floor-file FILE] [--no-false-accept NS1,NS2,...] [--quiet]
//
// A case is skipped only when it needs a feature this engine does not implement (kUnsupported).
// The exceptions file lists known divergences (id, expected, actual, reason): they are reported
// apart from unexpected results and never change a verdict. With --floor-file, the run fails
// (exit 1) when fewer cases pass than the number in the file; with --no-false-accept, it fails
// when a case expected to FAIL is accepted in one of the listed namespaces and is not a known
// divergence (listed with that same actual result). Exit 3: unreadable input.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "limbo_case.h"
#include "uccert/names/match.h"
#include "uccert/names/name_policy.h"
#include "uccert/pki/certificate.h"
#include "uccert/pki/pem.h"
#include "uccert/verify/verify.h"

namespace {

using nlohmann::json;
using uccert::pki::Certificate;
using uccert::pki::CertificatePtr;
using uccert::limbo::CertCache;
using uccert::limbo::Outcome;
using uccert::limbo::run_case;

struct Args {
  std::string limbo;
  std::string output;
  std::string exceptions;
  std::string floor_file;
  std::vector<std::string> no_false_accept;
  bool quiet = false;
  std::string explain;  // print every problem of this case's best path
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

bool parse_args(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    if (s == "--output" || s == "-o") {
      if (!value(a.output)) return false;
    } else if (s == "--exceptions") {
      if (!value(a.exceptions)) return false;
    } else if (s == "--floor-file") {
      if (!value(a.floor_file)) return false;
    } else if (s == "--no-false-accept") {
      std::string v;
      if (!value(v)) return false;
      a.no_false_accept = split(v, ',');
    } else if (s == "--explain") {
      if (!value(a.explain)) return false;
    } else if (s == "--quiet") {
      a.quiet = true;
    } else if (!s.empty() && s[0] == '-') {
      return false;
    } else if (a.limbo.empty()) {
      a.limbo = s;
    } else {
      return false;
    }
  }
  return !a.limbo.empty();
}

std::string namespace_of(const std::string& id, int depth) {
  std::size_t pos = 0;
  for (int i = 0; i < depth; ++i) {
    auto next = id.find("::", pos);
    if (next == std::string::npos) return id.substr(0, pos == 0 ? id.size() : pos - 2);
    pos = next + 2;
  }
  return id.substr(0, pos - 2);
}

struct Tally {
  int total = 0, pass = 0, fail = 0, skipped = 0;
};

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) {
    std::cerr << "usage: uccert-limbo LIMBO_JSON [--output RESULTS_JSON] [--exceptions FILE] [--floor-file FILE] "
                 "[--no-false-accept NS,...] [--explain ID] [--quiet]\n";
    return 3;
  }
  json limbo;
  {
    std::ifstream in(args.limbo, std::ios::binary);
    if (!in) {
      std::cerr << args.limbo << ": cannot open\n";
      return 3;
    }
    limbo = json::parse(in, nullptr, false);
    if (limbo.is_discarded() || !limbo.is_object() || !limbo.contains("testcases") || !limbo["testcases"].is_array()) {
      std::cerr << args.limbo << ": not an x509-limbo JSON file (no \"testcases\" array)\n";
      return 3;
    }
  }
  struct Known {
    std::string actual;
    std::string reason;
  };
  std::map<std::string, Known> exceptions;  // id -> the divergence and its reason
  if (!args.exceptions.empty()) {
    std::ifstream in(args.exceptions, std::ios::binary);
    json ex = in ? json::parse(in, nullptr, false) : json();
    if (!in || ex.is_discarded() || !ex.is_array()) {
      std::cerr << args.exceptions << ": not a JSON array of {id, expected, actual, reason}\n";
      return 3;
    }
    for (const auto& e : ex)
      if (e.is_object() && e.contains("id"))
        exceptions[e["id"].get<std::string>()] = {e.value("actual", ""), e.value("reason", "")};
  }
  long floor = -1;
  if (!args.floor_file.empty()) {
    std::ifstream in(args.floor_file);
    if (!(in >> floor)) {
      std::cerr << args.floor_file << ": expected one integer (the pass-count floor)\n";
      return 3;
    }
  }

  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  CertCache cache;
  json results = json::array();
  Tally all;
  std::map<std::string, Tally> by_ns;
  std::vector<std::string> unexpected, known, false_accepts;

  for (const auto& tc : limbo["testcases"]) {
    std::string id = tc.value("id", "");
    std::string expected = tc.value("expected_result", "");
    Outcome o;
    try {
      o = run_case(tc, cache, now, id == args.explain);
    } catch (const json::exception& e) {
      o = {"FAILURE", std::string("malformed testcase: ") + e.what()};
    }
    results.push_back({{"id", id}, {"actual_result", o.actual}, {"context", o.context}});
    std::string ns = namespace_of(id, 1);
    std::string ns2 = (ns == "bettertls" || ns == "rfc5280" || ns == "webpki") ? namespace_of(id, 2) : ns;
    for (Tally* t : {&all, &by_ns[ns2]}) {
      ++t->total;
      if (o.actual == "SKIPPED") ++t->skipped;
      else if (o.actual == expected) ++t->pass;
      else ++t->fail;
    }
    if (o.actual != "SKIPPED" && o.actual != expected) {
      std::string line = id + " expected " + expected + " got " + o.actual + " (" + o.context + ")";
      auto ex = exceptions.find(id);
      const bool is_known = ex != exceptions.end() && ex->second.actual == o.actual;
      if (is_known) known.push_back(line + " [known: " + ex->second.reason + "]");
      else unexpected.push_back(line);
      if (!is_known && expected == "FAILURE" && o.actual == "SUCCESS" &&
          std::find(args.no_false_accept.begin(), args.no_false_accept.end(), ns) != args.no_false_accept.end())
        false_accepts.push_back(id);
    }
  }

  if (!args.output.empty()) {
    std::ofstream out(args.output, std::ios::binary);
    json doc = {{"version", 1}, {"harness", "uccert"}, {"results", results}};
    out << doc.dump(1) << "\n";
    if (!out) {
      std::cerr << args.output << ": cannot write\n";
      return 3;
    }
  }

  std::cout << fmt::format("total {}  pass {}  fail {}  skipped {}\n", all.total, all.pass, all.fail, all.skipped);
  std::cout << fmt::format("{:<32} {:>6} {:>6} {:>6} {:>6}\n", "namespace", "total", "pass", "fail", "skip");
  for (const auto& [ns, t] : by_ns)
    std::cout << fmt::format("{:<32} {:>6} {:>6} {:>6} {:>6}\n", ns, t.total, t.pass, t.fail, t.skipped);
  if (!args.quiet) {
    std::cout << "unexpected results (" << unexpected.size() << "):\n";
    for (const auto& u : unexpected) std::cout << "  " << u << "\n";
    if (!known.empty()) {
      std::cout << "known divergences (" << known.size() << "):\n";
      for (const auto& k : known) std::cout << "  " << k << "\n";
    }
  } else {
    std::cout << "unexpected results: " << unexpected.size() << ", known divergences: " << known.size() << "\n";
  }

  int rc = 0;
  if (floor >= 0 && all.pass < floor) {
    std::cout << fmt::format("FAIL: {} cases pass, below the recorded floor of {}\n", all.pass, floor);
    rc = 1;
  }
  if (!false_accepts.empty()) {
    std::cout << "FAIL: accepted cases that must be rejected:\n";
    for (const auto& id : false_accepts) std::cout << "  " << id << "\n";
    rc = 1;
  }
  return rc;
}
