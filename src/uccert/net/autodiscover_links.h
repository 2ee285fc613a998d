// The links of a Lync / Skype for Business autodiscover document (lyncdiscover): the web services
// URLs a mobile client goes to next and whose certificates it validates (FE-07, RP-04). The
// service answers JSON (`{"_links":{"user":{"href":"https://..."}}}`) or XML
// (`<Link token="User" href="https://..."/>`); both are read by scanning for `href`, tolerant of
// whatever else the document holds. Facts only: the judge decides what a link's certificate means.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace uccert::net {

struct DocumentLink {
  std::string name;  // "self", "user", "xframe" (JSON key or XML token, lower case); "" when none
  std::string href;  // as written, JSON "\/" unescaped; at most kMaxUrlLength
};

// The body read of an autodiscover answer, at most this many bytes (a real one is under 2 KiB).
inline constexpr std::size_t kMaxAutodiscoverDocument = 64 * 1024;
// Links taken from one document.
inline constexpr std::size_t kMaxAutodiscoverLinks = 16;

// The links of the document in the order written, each href once.
std::vector<DocumentLink> autodiscover_links(std::string_view document);

// Whether an answer with this Content-Type is an autodiscover document
// ("application/vnd.microsoft.rtc.autodiscover+xml; v=1", "...+json").
bool is_autodiscover_document(std::string_view content_type);

}  // namespace uccert::net
