#include "uccert/names/dns_entry.h"

#include <vector>

#include "uccert/names/public_suffix.h"

namespace uccert::names {
namespace {

std::vector<std::string_view> split_labels(std::string_view name) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  for (;;) {
    const auto dot = name.find('.', start);
    if (dot == std::string_view::npos) {
      labels.push_back(name.substr(start));
      return labels;
    }
    labels.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
}

std::string number_word(std::size_t n) {
  static constexpr const char* kWords[] = {"no", "one", "two", "three", "four", "five",
                                           "six", "seven", "eight", "nine", "ten"};
  if (n < sizeof(kWords) / sizeof(kWords[0])) return kWords[n];
  return std::to_string(n);
}

int count_shared_labels(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  int n = 0;
  auto i = a.rbegin();
  auto j = b.rbegin();
  for (; i != a.rend() && j != b.rend() && *i == *j; ++i, ++j) ++n;
  return n;
}

bool starts_with_alabel(std::string_view label) {
  return label.size() >= 4 && label.substr(0, 4) == "xn--";
}

// Why a presented name is not a usable DNS identifier; empty when it is. `lower` is already
// lower-cased ASCII. '*' is allowed here; its placement is judged by the caller.
std::string entry_problem(std::string_view raw, std::string_view lower) {
  if (raw.empty()) return "not a valid DNS name: empty";
  for (char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) return "not a valid DNS name: contains non-ASCII characters (a U-label is never compared)";
    if (u < 0x20 || u == 0x7f) return "not a valid DNS name: contains a control character";
    if (c == ' ') return "not a valid DNS name: contains a space";
  }
  if (lower.back() == '.') return "not a valid DNS name: ends with a dot (certificates carry relative names)";
  if (lower.size() > 253) return "not a valid DNS name: longer than 253 characters";
  for (auto label : split_labels(lower)) {
    if (label.empty()) return "not a valid DNS name: empty label";
    if (label.size() > 63) return "not a valid DNS name: a label is longer than 63 characters";
    for (char c : label) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*';
      if (!ok) return std::string("not a valid DNS name: contains the character '") + c + "'";
    }
  }
  return {};
}

DnsEntryCheck make(Reason r, std::string why, bool wildcard, int shared) {
  DnsEntryCheck c;
  c.reason = r;
  c.why = std::move(why);
  c.wildcard = wildcard;
  c.shared_labels = shared;
  return c;
}

}  // namespace

DnsEntryCheck check_dns_entry(const ReferenceHost& host, std::string_view entry, Wildcards wildcards) {
  std::string lower(entry);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  const bool wildcard = lower.find('*') != std::string::npos;

  if (auto why = entry_problem(entry, lower); !why.empty())
    return make(Reason::kInvalidEntry, std::move(why), wildcard, 0);

  const auto host_labels = split_labels(host.text);
  const auto entry_labels = split_labels(lower);
  const int shared = count_shared_labels(host_labels, entry_labels);

  if (!wildcard) {
    if (lower == host.text) return make(Reason::kMatched, {}, false, shared);
    return make(Reason::kDifferentName, "different name", false, shared);
  }

  // RFC 6125 6.4.3: one wildcard, in the left-most label only.
  if (lower.find('*') != lower.rfind('*'))
    return make(Reason::kWildcardMalformed, "more than one '*': never matches", true, shared);
  if (entry_labels.front().find('*') == std::string_view::npos)
    return make(Reason::kWildcardNotLeftmost, "wildcard not in the left-most label: never matches", true, shared);
  // At least two labels after the wildcard label, as NSS, Chromium and webpki demand: "*.com"
  // would cover a whole top-level domain.
  if (entry_labels.size() < 3)
    return make(Reason::kWildcardTooBroad,
                "wildcard over fewer than three labels (" + lower + "): never matches", true, shared);

  const std::string_view pattern_label = entry_labels.front();
  const bool whole_label = pattern_label == "*";
  // RFC 6125 6.4.3: no wildcard embedded in an A-label ("xn--*").
  if (!whole_label && starts_with_alabel(pattern_label))
    return make(Reason::kWildcardOverIdn, "wildcard inside an IDN A-label (xn--): never matches", true, shared);

  const std::string_view suffix = std::string_view(lower).substr(pattern_label.size() + 1);
  // A wildcard over a registry-controlled suffix ("*.co.uk") would cover every domain registered
  // under it: Chrome refuses it from the Public Suffix List (ICANN section), and so does CA/B BR
  // 3.2.2.6 for issuance.
  if (is_registry_controlled(suffix))
    return make(Reason::kWildcardPublicSuffix,
                "wildcard over the public suffix " + std::string(suffix) + " (Public Suffix List): never matches",
                true, shared);
  const std::string_view h = host.text;
  if (h == suffix)
    return make(Reason::kWildcardNeedsLabel,
                "wildcard needs one label left of " + std::string(suffix) + "; " + host.text + " has none",
                true, shared);
  if (h.size() <= suffix.size() + 1 || h.substr(h.size() - suffix.size()) != suffix ||
      h[h.size() - suffix.size() - 1] != '.')
    return make(Reason::kDifferentName, "different name", true, shared);

  const std::string_view left = h.substr(0, h.size() - suffix.size() - 1);
  if (left.find('.') != std::string_view::npos) {
    std::size_t n = 1;
    for (char c : left)
      if (c == '.') ++n;
    return make(Reason::kWildcardOneLabel,
                "wildcard covers one label only: " + host.text + " has " + number_word(n) + " labels left of " +
                    std::string(suffix),
                true, shared);
  }
  // A whole-label "*" stands for an A-label like any other label (RFC 6125 6.4.3 forbids only a
  // wildcard inside one; Chrome, NSS and rustls-webpki match it). A partial-label pattern
  // meeting an A-label ("b*.example" against "xn--bcher-kva.example") would put the '*' inside
  // the A-label, which 6.4.3 forbids.
  if (!whole_label && starts_with_alabel(left))
    return make(Reason::kWildcardOverIdn,
                "a partial-label wildcard would sit inside the IDN A-label " + std::string(left), true, shared);

  if (!whole_label) {
    // Partial label "f*" / "*f" / "f*o": the '*' stands for one or more characters (never an
    // empty run, the stricter reading; RFC 6125 leaves it open).
    const auto star = pattern_label.find('*');
    const auto pre = pattern_label.substr(0, star);
    const auto post = pattern_label.substr(star + 1);
    const bool fits = left.size() > pre.size() + post.size() && left.substr(0, pre.size()) == pre &&
                      left.substr(left.size() - post.size()) == post;
    if (!fits) return make(Reason::kDifferentName, "different name", true, shared);
  }

  // The entry covers the host; now the client's policy decides.
  DnsEntryCheck c;
  c.wildcard = true;
  c.shared_labels = shared;
  if (wildcards == Wildcards::kNone) {
    c.reason = Reason::kWildcardsNotAccepted;
    c.why = "wildcards not accepted by this client";
    c.would_match = true;
  } else if (!whole_label && wildcards == Wildcards::kLeftmostLabel) {
    c.reason = Reason::kPartialWildcardNotAccepted;
    c.why = "partial-label wildcard not accepted by this client (only a whole left-most label \"*\")";
    c.would_match = true;
  } else {
    c.reason = Reason::kMatched;
  }
  return c;
}

}  // namespace uccert::names
