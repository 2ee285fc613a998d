#include "uccert/run/mobileconfig.h"

#include <fmt/format.h>

#include <algorithm>

#include "uccert/pki/apple_profile.h"
#include "uccert/pki/load.h"
#include "uccert/pki/write_new_file.h"

namespace uccert::run {

namespace {

// Why a certificate is not a root, and what to give instead; "" when it is one.
std::string not_a_root(const std::string& file, const pki::Certificate& c) {
  const std::string name = pki::certificate_display_name(c);
  if (c.self_signed() && c.is_ca()) return {};
  if (c.self_signed())
    return fmt::format("{}: {} is self-signed but not a CA (a server's own certificate): give the root CA "
                       "certificate of the CA that should issue the server certificates",
                       file, name);
  if (c.is_ca())
    return fmt::format("{}: {} is an intermediate CA, issued by {}: give the self-signed root at the top of its chain "
                       "(the servers send the intermediate)",
                       file, name, c.issuer.text);
  return fmt::format("{}: {} is a server (leaf) certificate, issued by {}: give the root CA certificate of that chain "
                     "(uccert inspect {} names its issuer)",
                     file, name, c.issuer.text, file);
}

// A reverse-DNS identifier: labels of letters, digits and hyphens, at least two.
bool valid_identifier(const std::string& id) {
  if (id.empty() || id.front() == '.' || id.back() == '.' || id.find("..") != std::string::npos) return false;
  return id.find('.') != std::string::npos && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
         });
}

}  // namespace

Result<MobileconfigWritten> run_mobileconfig(const MobileconfigRequest& request) {
  if (request.roots.empty()) return Error{"give at least one root certificate file"};
  if (request.out.empty() || request.out == "-") return Error{"--out: give a file name for the profile"};
  const std::string identifier = request.identifier.empty() ? std::string("local.uccert.roots") : request.identifier;
  if (!valid_identifier(identifier))
    return Error{fmt::format("--identifier '{}' is not reverse DNS (com.contoso.uc-roots)", identifier)};
  std::vector<pki::CertificatePtr> roots;
  MobileconfigWritten written;
  for (const auto& file : request.roots) {
    auto loaded = pki::load_file(file);
    if (!loaded) return loaded.error();
    if (loaded->certificates.empty()) return Error{fmt::format("{}: holds no certificate", file)};
    for (const auto& c : loaded->certificates) {
      if (auto why = not_a_root(file, *c); !why.empty()) return Error{why};
      if (std::any_of(roots.begin(), roots.end(), [&](const auto& r) { return r->der() == c->der(); })) continue;
      roots.push_back(c);
      written.roots.push_back(fmt::format("{} (SHA-1 {})", pki::certificate_display_name(*c), c->sha1_thumbprint));
    }
  }
  pki::AppleProfileSpec spec;
  spec.identifier = identifier;
  spec.display_name = request.name;
  if (spec.display_name.empty()) {
    spec.display_name = "Root CAs:";
    for (std::size_t i = 0; i < roots.size(); ++i)
      spec.display_name += (i == 0 ? " " : ", ") + pki::certificate_display_name(*roots[i]);
  }
  const std::string profile = pki::apple_root_profile(spec, roots);
  if (auto s = pki::write_new_files({{request.out, profile, false}}); !s) return s.error();
  written.out = request.out;
  written.text = fmt::format("Wrote {}: a configuration profile installing {} root certificate{}:\n", request.out,
                             roots.size(), roots.size() == 1 ? "" : "s");
  for (const auto& r : written.roots) written.text += "  " + r + "\n";
  written.text +=
      "\nOn each iPhone or iPad: open the file (mail, a web page, or push it with your MDM), then install it in\n"
      "Settings > General > VPN & Device Management (Profiles on iOS before 15).\n"
      "Then turn on full trust for each root: Settings > General > About > Certificate Trust Settings.\n"
      "Since iOS 10.3 a root installed by hand from a profile is not trusted for TLS until you do (one pushed by\n"
      "MDM is). Check the servers again with: uccert check HOST:443 --profile mobile-ios --mobile-root ROOT.pem\n";
  return written;
}

}  // namespace uccert::run
