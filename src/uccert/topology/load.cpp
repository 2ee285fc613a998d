#include "uccert/topology/load.h"

#include <filesystem>
#include <system_error>

#include "uccert/pki/read_file.h"
#include "uccert/topology/overlay.h"
#include "uccert/topology/validate.h"
#include "uccert/topology/xml_import.h"

namespace uccert::topology {
namespace {

namespace fs = std::filesystem;

// XML when the name says so or the text starts with '<' (after a byte order mark and blanks).
bool looks_like_xml(const std::string& path, std::string_view text) {
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".xml" || ext == ".tbxml" || ext == ".XML" || ext == ".TBXML") return true;
  if (ext == ".toml") return false;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) return true;
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '<';
}

Result<std::string> read_text(const std::string& path, std::size_t limit, std::string_view what) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    const auto size = fs::file_size(path, ec);
    if (!ec && size > limit)
      return Error{path + ": " + std::to_string(size) + " bytes, larger than the " + pki::mib_text(limit) + " a " +
                   std::string(what) + " may be; refused unread"};
  }
  auto bytes = pki::read_file(path, limit);
  if (!bytes) return bytes.error();
  return std::string(bytes->begin(), bytes->end());
}

Status must_exist(const Origin& o, const std::string& what, const std::string& path, const std::string& shown) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return Ok{};
  return Error{where(o) + ": " + what + " \"" + shown + "\"" + (shown == path ? "" : " (" + path + ")") +
               (fs::exists(path, ec) ? ": not a regular file" : ": no such file")};
}

}  // namespace

Result<Topology> load_topology(const std::vector<std::string>& paths) {
  if (paths.empty()) return Error{"no topology file given (Topology XML, .tbxml, or a TOML overlay)"};
  Topology t;
  std::vector<std::pair<std::string, std::string>> overlays;  // path, text
  for (const std::string& path : paths) {
    auto text = read_text(path, kMaxXmlBytes, "topology file");
    if (!text) return text.error();
    if (looks_like_xml(path, *text)) {
      if (auto s = import_topology_xml(*text, path, t); !s) return s.error();
    } else {
      overlays.emplace_back(path, std::move(*text));
    }
  }
  for (const auto& [path, text] : overlays) {
    const std::string dir = fs::path(path).parent_path().string();
    if (auto s = apply_overlay(text, path, dir, t); !s) return s.error();
  }
  if (auto s = validate_topology(t); !s) return s.error();
  for (const Pool& p : t.pools)
    if (p.services.edge && p.services.edge->access_fqdn.empty())
      t.notes.push_back(Note{"Edge pool " + p.fqdn +
                                 ": no external Access Edge FQDN in the files read; give it in the overlay "
                                 "([[pool]] fqdn = \"" +
                                 p.fqdn + "\", access_edge = ...)",
                             p.services.edge->origin});
  for (const Assignment& a : t.assignments) {
    if (!a.file.empty())
      if (auto s = must_exist(a.origin, "assignment file", resolve_path(a.base_dir, a.file), a.file); !s)
        return s.error();
    if (!a.password_file.empty())
      if (auto s = must_exist(a.origin, "password_file", resolve_path(a.base_dir, a.password_file), a.password_file);
          !s)
        return s.error();
  }
  for (const auto* list : {&t.trust.enterprise_roots, &t.trust.trusted_ca_certs, &t.trust.mobile_roots})
    for (const FileRef& f : *list)
      if (auto s = must_exist(f.origin, "trust file", f.path, f.path); !s) return s.error();
  return t;
}

}  // namespace uccert::topology
