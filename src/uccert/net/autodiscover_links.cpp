#include "uccert/net/autodiscover_links.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "uccert/net/http_response.h"

namespace uccert::net {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// A quoted value starting at `pos` (the opening quote); `end` is set past the closing quote.
// JSON escapes of "/" and "\"" are undone; anything else is taken as written. nullopt when the
// value never ends.
std::optional<std::string> quoted(std::string_view text, std::size_t pos, std::size_t& end) {
  const char quote = text[pos];
  std::string out;
  std::size_t i = pos + 1;
  for (; i < text.size() && text[i] != quote; ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out.push_back(text[i]);
  }
  end = i + 1;
  if (i >= text.size()) return std::nullopt;
  return out;
}

// JSON: the key of the object holding "href" (`"user":{"href":...}`), searching back from `at`.
std::string json_owner(std::string_view text, std::size_t at) {
  const auto brace = text.rfind('{', at);
  if (brace == std::string_view::npos || brace == 0) return {};
  std::size_t i = brace;
  while (i > 0 && space(text[i - 1])) --i;
  if (i == 0 || text[i - 1] != ':') return {};
  --i;
  while (i > 0 && space(text[i - 1])) --i;
  if (i == 0 || text[i - 1] != '"') return {};
  const auto close = i - 1;
  const auto open = text.rfind('"', close == 0 ? 0 : close - 1);
  if (open == std::string_view::npos || open == close) return {};
  return lower(text.substr(open + 1, close - open - 1));
}

// XML: the token="..." attribute of the element holding href, searching back from `at`.
std::string xml_owner(std::string_view text, std::size_t at) {
  const auto tag = text.rfind('<', at);
  if (tag == std::string_view::npos) return {};
  const auto tag_end = text.find('>', at);
  const std::string element = lower(text.substr(tag, tag_end == std::string_view::npos ? text.size() - tag
                                                                                     : tag_end - tag));
  const auto token = element.find("token=");
  if (token == std::string::npos || token + 6 >= element.size()) return {};
  if (element[token + 6] != '"' && element[token + 6] != '\'') return {};
  std::size_t end = 0;
  return quoted(element, token + 6, end).value_or("");
}

}  // namespace

std::vector<DocumentLink> autodiscover_links(std::string_view document) {
  std::vector<DocumentLink> out;
  const std::string lowered = lower(document);
  std::size_t pos = 0;
  while (out.size() < kMaxAutodiscoverLinks && (pos = lowered.find("href", pos)) != std::string::npos) {
    const std::size_t at = pos;
    pos += 4;
    const bool json = at > 0 && document[at - 1] == '"';
    std::size_t i = json ? pos + 1 : pos;  // past the closing quote of "href"
    while (i < document.size() && space(document[i])) ++i;
    if (i >= document.size() || document[i] != (json ? ':' : '=')) continue;
    ++i;
    while (i < document.size() && space(document[i])) ++i;
    if (i >= document.size() || (document[i] != '"' && document[i] != '\'')) continue;
    std::size_t end = 0;
    auto value = quoted(document, i, end);
    if (!value) break;
    pos = end;
    std::string href = std::move(*value);
    if (href.empty() || href.size() > kMaxUrlLength) continue;
    if (std::any_of(out.begin(), out.end(), [&](const DocumentLink& l) { return l.href == href; })) continue;
    out.push_back({json ? json_owner(document, at) : xml_owner(document, at), std::move(href)});
  }
  return out;
}

bool is_autodiscover_document(std::string_view content_type) {
  return lower(content_type).find("autodiscover") != std::string::npos;
}

}  // namespace uccert::net
