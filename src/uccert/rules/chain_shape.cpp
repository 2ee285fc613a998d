#include "uccert/rules/chain_shape.h"

#include <algorithm>
#include <string>

namespace uccert::rules {

pki::CertificatePtr find_issuer(const pki::Certificate& cert,
                                const std::vector<const std::vector<pki::CertificatePtr>*>& pools) {
  for (const auto* pool : pools) {
    if (pool == nullptr) continue;
    for (const auto& c : *pool) {
      if (!c || c->der_sha256 == cert.der_sha256) continue;
      if (pki::issued_by(cert, *c)) return c;
    }
  }
  return nullptr;
}

std::vector<pki::CertificatePtr> issuer_line(const pki::Certificate& cert,
                                             const std::vector<const std::vector<pki::CertificatePtr>*>& pools) {
  std::vector<pki::CertificatePtr> line;
  if (cert.self_issued) return line;
  const pki::Certificate* cur = &cert;
  for (int step = 0; step < 16; ++step) {
    auto next = find_issuer(*cur, pools);
    if (!next) break;
    bool seen = std::any_of(line.begin(), line.end(),
                            [&](const pki::CertificatePtr& c) { return c->der_sha256 == next->der_sha256; });
    if (seen) break;
    line.push_back(next);
    if (next->self_issued) break;
    cur = next.get();
  }
  return line;
}

int index_in(const std::vector<pki::CertificatePtr>& chain, const pki::Certificate& cert) {
  for (std::size_t i = 0; i < chain.size(); ++i)
    if (chain[i] && chain[i]->der_sha256 == cert.der_sha256) return static_cast<int>(i);
  return -1;
}

std::string short_name(const pki::Certificate& cert) {
  if (!cert.subject_common_names.empty()) return cert.subject_common_names.front();
  if (!cert.subject.text.empty()) return cert.subject.text;
  for (const auto& n : cert.subject_alt_names)
    if (n.type == pki::GeneralNameType::kDns) return n.value;
  return "(empty subject)";
}

ChainShape analyse_chain(const std::vector<pki::CertificatePtr>& presented) {
  ChainShape s;
  const std::size_t n = presented.size();
  s.issuer_index.assign(n, std::nullopt);
  if (n == 0) return s;

  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (presented[i]->der_sha256 == presented[j]->der_sha256) {
        s.duplicates.push_back(i);
        break;
      }
  auto is_duplicate = [&](std::size_t i) {
    return std::find(s.duplicates.begin(), s.duplicates.end(), i) != s.duplicates.end();
  };

  for (std::size_t i = 0; i < n; ++i) {
    if (presented[i]->self_issued) continue;
    // Prefer the next certificate (the order a server should send), then any other.
    if (i + 1 < n && !is_duplicate(i + 1) && pki::issued_by(*presented[i], *presented[i + 1])) {
      s.issuer_index[i] = i + 1;
      continue;
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i || is_duplicate(j) || presented[j]->der_sha256 == presented[i]->der_sha256) continue;
      if (pki::issued_by(*presented[i], *presented[j])) {
        s.issuer_index[i] = j;
        break;
      }
    }
  }

  std::vector<bool> on_line(n, false);
  std::size_t cur = 0;
  while (true) {
    s.linked.push_back(cur);
    on_line[cur] = true;
    auto next = s.issuer_index[cur];
    if (!next || on_line[*next]) break;
    cur = *next;
  }
  s.top = s.linked.back();
  for (std::size_t k = 0; k < s.linked.size(); ++k)
    if (s.linked[k] != k) s.in_order = false;
  for (std::size_t i = 0; i < n; ++i)
    if (!on_line[i] && !is_duplicate(i)) s.unused.push_back(i);
  // A certificate sent after one that is not on the line breaks the order too.
  if (!s.unused.empty() && s.unused.front() < s.top) s.in_order = false;

  for (std::size_t i : s.linked)
    if (presented[i]->self_signed() || (presented[i]->self_issued && i != 0)) s.root_sent = i;
  if (s.root_sent && *s.root_sent == 0) s.root_sent.reset();  // a self-signed leaf is not "a root sent"
  const auto& top = *presented[s.top];
  s.issuer_missing = !top.self_issued && !s.issuer_index[s.top].has_value();
  return s;
}

}  // namespace uccert::rules
