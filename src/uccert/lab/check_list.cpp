#include "uccert/lab/check_list.h"

#include <fmt/format.h>

#include <algorithm>

namespace uccert::lab {

std::vector<std::string> LabCheck::command_args() const {
  std::vector<std::string> args{"--name", name};
  args.insert(args.end(), options.begin(), options.end());
  args.push_back(target);
  return args;
}

int LabCheck::expected_exit() const {
  int worst = 0;
  for (const auto& [profile, verdict] : expect)
    worst = std::max(worst, verdict == "fail" ? 2 : verdict == "warn" ? 1 : 0);
  return worst;
}

std::string format_checks_tsv(const std::vector<LabCheck>& checks) {
  std::string out =
      "# id\tdescription\ttarget\tname\texpect (profile:verdict,...)\toptions... "
      "(uccert check --name NAME OPTIONS... TARGET)\n";
  auto field = [](std::string_view v) {
    // Tabs and line ends would break the format; scenarios never hold them.
    std::string s(v);
    for (char& c : s)
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
  };
  for (const auto& sc : checks) {
    std::string expect;
    for (const auto& [profile, verdict] : sc.expect)
      expect += (expect.empty() ? "" : ",") + profile + ":" + verdict;
    out += fmt::format("{}\t{}\t{}\t{}\t{}", field(sc.id), field(sc.description), field(sc.target),
                       field(sc.name), field(expect));
    for (const auto& o : sc.options) out += "\t" + field(o);
    out += "\n";
  }
  return out;
}

Result<std::vector<LabCheck>> parse_checks_tsv(std::string_view text) {
  std::vector<LabCheck> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const auto tab = line.find('\t', start);
      fields.emplace_back(
          line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (fields.size() < 5)
      return Error{
          fmt::format("checks line {}: {} fields, want at least 5 (id, description, target, name, expect)",
                      line_no, fields.size())};
    LabCheck sc{fields[0], fields[1], fields[2], fields[3], {}, {}};
    std::string_view expect = fields[4];
    while (!expect.empty()) {
      const auto comma = expect.find(',');
      const std::string_view item = expect.substr(0, comma);
      expect = comma == std::string_view::npos ? std::string_view{} : expect.substr(comma + 1);
      const auto colon = item.find(':');
      const std::string_view verdict =
          colon == std::string_view::npos ? std::string_view{} : item.substr(colon + 1);
      if (verdict != "pass" && verdict != "warn" && verdict != "fail")
        return Error{
            fmt::format("checks line {}: expectation '{}' is not profile:pass|warn|fail", line_no, item)};
      sc.expect.emplace_back(std::string(item.substr(0, colon)), std::string(verdict));
    }
    sc.options.assign(fields.begin() + 5, fields.end());
    out.push_back(std::move(sc));
  }
  return out;
}

}  // namespace uccert::lab
