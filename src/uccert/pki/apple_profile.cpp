#include "uccert/pki/apple_profile.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace uccert::pki {

namespace {

// Length of the UTF-8 sequence starting at s[i] when it is well formed, else 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3;
  else if (c >= 0xF0 && c <= 0xF4) n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

// Text for an XML <string>: markup escaped; control characters and bytes that are not UTF-8 (a
// certificate's name is whatever its maker wrote) become U+FFFD, which XML 1.0 can carry.
std::string xml_text(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c >= 0x20 && c < 0x7F) out += static_cast<char>(c);
    else if (c >= 0x80) {
      if (const std::size_t n = utf8_length(s, i); n > 0) {
        out.append(s.substr(i, n));
        i += n;
        continue;
      }
      out += "\xEF\xBF\xBD";
    } else {
      out += "\xEF\xBF\xBD";
    }
    ++i;
  }
  return out;
}

// Base64 in lines of 52 characters, as Apple's tools write <data>.
std::string base64_lines(const Bytes& der, std::string_view indent) {
  std::string out;
  constexpr std::size_t kChunk = 39;  // 39 bytes -> 52 characters
  std::array<unsigned char, 56> line{};
  for (std::size_t i = 0; i < der.size(); i += kChunk) {
    const std::size_t n = std::min(kChunk, der.size() - i);
    const int len = EVP_EncodeBlock(line.data(), der.data() + i, static_cast<int>(n));
    out += fmt::format("{}{}\n", indent, std::string_view(reinterpret_cast<const char*>(line.data()),
                                                          static_cast<std::size_t>(len)));
  }
  return out;
}

std::string key_string(std::string_view indent, std::string_view key, std::string_view value) {
  return fmt::format("{0}<key>{1}</key>\n{0}<string>{2}</string>\n", indent, key, xml_text(value));
}

}  // namespace

std::string random_uuid() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) throw std::runtime_error("no random bytes for a UUID");
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += fmt::format("{:02X}", b[i]);
  }
  return out;
}

std::string certificate_display_name(const Certificate& cert) {
  if (!cert.subject_common_names.empty() && !cert.subject_common_names.front().empty())
    return cert.subject_common_names.front();
  if (!cert.subject.text.empty()) return cert.subject.text;
  return "SHA-1 " + cert.sha1_thumbprint;
}

std::string apple_root_profile(const AppleProfileSpec& spec, const std::vector<CertificatePtr>& roots) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
      "<plist version=\"1.0\">\n<dict>\n\t<key>PayloadContent</key>\n\t<array>\n";
  for (const auto& root : roots) {
    const std::string uuid = random_uuid();
    const std::string name = certificate_display_name(*root);
    out += "\t\t<dict>\n";
    out += key_string("\t\t\t", "PayloadCertificateFileName", root->sha1_thumbprint + ".cer");
    out += "\t\t\t<key>PayloadContent</key>\n\t\t\t<data>\n" + base64_lines(root->der(), "\t\t\t") + "\t\t\t</data>\n";
    out += key_string("\t\t\t", "PayloadDescription", "Adds the root certificate " + name);
    out += key_string("\t\t\t", "PayloadDisplayName", name);
    out += key_string("\t\t\t", "PayloadIdentifier", spec.identifier + ".root." + uuid);
    out += key_string("\t\t\t", "PayloadType", "com.apple.security.root");
    out += key_string("\t\t\t", "PayloadUUID", uuid);
    out += "\t\t\t<key>PayloadVersion</key>\n\t\t\t<integer>1</integer>\n\t\t</dict>\n";
  }
  out += "\t</array>\n";
  out += key_string("\t", "PayloadDescription", "Installs the root certificates of the internal CA so that TLS "
                                                 "connections to its servers are trusted");
  out += key_string("\t", "PayloadDisplayName", spec.display_name);
  out += key_string("\t", "PayloadIdentifier", spec.identifier);
  if (!spec.organization.empty()) out += key_string("\t", "PayloadOrganization", spec.organization);
  out += "\t<key>PayloadRemovalDisallowed</key>\n\t<false/>\n";
  out += key_string("\t", "PayloadType", "Configuration");
  out += key_string("\t", "PayloadUUID", random_uuid());
  out += "\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>\n</plist>\n";
  return out;
}

}  // namespace uccert::pki
