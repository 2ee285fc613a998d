#include "uccert/pki/chain_order.h"

#include <algorithm>
#include <string>

namespace uccert::pki {

namespace {

bool names_equal(const DistinguishedName& a, const DistinguishedName& b) {
  // canonical is OpenSSL's RFC 5280 7.1 comparison form; fall back to DER when a decoder left it empty.
  if (!a.canonical.empty() && !b.canonical.empty()) return a.canonical == b.canonical;
  return a.der == b.der;
}

bool issued_by_name(const Certificate& subject, const Certificate& issuer) {
  return names_equal(subject.issuer, issuer.subject);
}

std::optional<bool> key_ids_agree(const Certificate& subject, const Certificate& issuer) {
  if (subject.authority_key_id.empty() || issuer.subject_key_id.empty()) return std::nullopt;
  return subject.authority_key_id == issuer.subject_key_id;
}

std::string label(const std::vector<CertificatePtr>& certs, std::size_t i) {
  std::string out = "certificate " + std::to_string(i + 1);
  const Certificate& c = *certs[i];
  if (!c.subject.text.empty()) out += " (" + c.subject.text + ")";
  return out;
}

// A file holds a handful of certificates; a crafted one may hold thousands with one issuer name.
// Past this many signature checks, issuers are matched by name and key id only.
constexpr int kMaxSignatureChecks = 512;

IssuerLink link_for(const std::vector<CertificatePtr>& certs, std::size_t i, int& signature_budget,
                    CertificatePool* pool) {
  IssuerLink link;
  link.index = i;
  const Certificate& subject = *certs[i];
  link.self_signed = subject.self_signed();
  if (subject.self_signed()) {
    link.name_match = true;
    link.key_id_match = key_ids_agree(subject, subject);
    link.signature_checked = true;
    link.signature_valid = true;
    return link;
  }
  // Best candidate: name match, key ids not contradicting, signature valid. Keep the best seen.
  int best_score = -1;
  for (std::size_t j = 0; j < certs.size(); ++j) {
    if (j == i) continue;
    const Certificate& issuer = *certs[j];
    if (!issued_by_name(subject, issuer)) continue;
    IssuerLink candidate = link;
    candidate.issuer_index = j;
    candidate.name_match = true;
    candidate.key_id_match = key_ids_agree(subject, issuer);
    // A signature check is tens of microseconds: cheap for the handful of certificates a file holds.
    if (signature_budget > 0) {
      --signature_budget;
      candidate.signature_checked = true;
      candidate.signature_valid = verify_signature(subject, issuer, pool).valid;
    }
    int score = (candidate.signature_valid ? 4 : 0) + (candidate.key_id_match.value_or(true) ? 2 : 0) +
                (j == i + 1 ? 1 : 0);
    if (score > best_score) {
      best_score = score;
      link = candidate;
    }
  }
  return link;
}

}  // namespace

std::string_view chain_order_name(ChainOrderKind kind) {
  switch (kind) {
    case ChainOrderKind::kEmpty: return "empty";
    case ChainOrderKind::kSingle: return "single";
    case ChainOrderKind::kLeafFirst: return "leaf-first";
    case ChainOrderKind::kRootFirst: return "root-first";
    case ChainOrderKind::kUnordered: return "unordered";
  }
  return "unordered";
}

std::optional<std::size_t> find_leaf(const std::vector<CertificatePtr>& certs) {
  if (certs.empty()) return std::nullopt;
  for (std::size_t i = 0; i < certs.size(); ++i) {
    bool issues_another = false;
    for (std::size_t j = 0; j < certs.size() && !issues_another; ++j) {
      if (j != i && !certs[j]->self_issued && issued_by_name(*certs[j], *certs[i])) issues_another = true;
    }
    if (!issues_another) return i;
  }
  return 0;  // a loop of cross-certificates: no clear end, take the first
}

ChainOrder analyse_chain_order(const std::vector<CertificatePtr>& certs, CertificatePool* pool) {
  ChainOrder order;
  const std::size_t n = certs.size();
  int signature_budget = kMaxSignatureChecks;
  for (std::size_t i = 0; i < n; ++i) {
    order.links.push_back(link_for(certs, i, signature_budget, pool));
    if (certs[i]->self_signed() && certs[i]->is_ca()) {
      order.root_included = true;
      order.root_indices.push_back(i);
    } else if (certs[i]->self_signed() && !order.root_included && n > 1 && i == n - 1) {
      // A self-signed v1 root (no basic constraints) at the top of a chain is still a root.
      order.root_included = true;
      order.root_indices.push_back(i);
    }
  }
  order.leaf_index = find_leaf(certs);
  if (n == 0) {
    order.kind = ChainOrderKind::kEmpty;
    return order;
  }
  if (n == 1) {
    order.kind = ChainOrderKind::kSingle;
  } else {
    bool leaf_first = true;
    bool root_first = true;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      if (order.links[i].issuer_index != i + 1) leaf_first = false;
      if (order.links[i + 1].issuer_index != i) root_first = false;
    }
    order.kind = leaf_first ? ChainOrderKind::kLeafFirst
                 : root_first ? ChainOrderKind::kRootFirst
                              : ChainOrderKind::kUnordered;
    if (!leaf_first) {
      for (std::size_t i = 0; i + 1 < n; ++i) {
        const IssuerLink& link = order.links[i];
        if (link.issuer_index == i + 1) continue;
        std::string why = label(certs, i) + " is followed by " + label(certs, i + 1) + ", which did not issue it";
        if (link.self_signed) {
          why += " (it is self-signed: nothing should follow it)";
        } else if (link.issuer_index) {
          why += " (its issuer is certificate " + std::to_string(*link.issuer_index + 1) + ")";
        } else {
          why += " (its issuer is not in the file)";
        }
        order.breaks.push_back(std::move(why));
      }
    }
  }
  // The top of the chain: follow issuers from the leaf until a self-signed certificate, a
  // certificate whose issuer is absent, or a loop.
  if (order.leaf_index) {
    std::size_t at = *order.leaf_index;
    std::vector<bool> seen(n, false);
    while (!seen[at]) {
      seen[at] = true;
      const IssuerLink& link = order.links[at];
      if (link.self_signed) break;
      if (!link.issuer_index) {
        order.missing_issuer = certs[at]->issuer.text;
        break;
      }
      at = *link.issuer_index;
    }
  }
  return order;
}

bool issued_by(const Certificate& subject, const Certificate& issuer) {
  if (subject.issuer.canonical != issuer.subject.canonical) return false;
  // The key identifiers are a hint (RFC 5280 4.2.1.1): when they disagree, the signature decides,
  // as Chrome's path builder does. Agreeing or absent, the name is enough here (verify/ checks
  // every signature of the path it builds).
  if (!subject.authority_key_id.empty() && !issuer.subject_key_id.empty() &&
      subject.authority_key_id != issuer.subject_key_id)
    return verify_signature(subject, issuer).valid;
  return true;
}

std::vector<CertificatePtr> leaf_first(const std::vector<CertificatePtr>& certs,
                                       std::optional<std::size_t> leaf_given) {
  const std::size_t n = certs.size();
  if (n < 2) return certs;
  std::size_t leaf = find_leaf(certs).value_or(0);
  if (leaf_given && *leaf_given < n) leaf = *leaf_given;
  std::vector<bool> used(n, false);
  std::vector<CertificatePtr> out{certs[leaf]};
  used[leaf] = true;
  for (std::size_t cur = leaf; !certs[cur]->self_issued;) {
    std::optional<std::size_t> next;
    for (std::size_t j = 0; j < n && !next; ++j)
      if (!used[j] && issued_by(*certs[cur], *certs[j])) next = j;
    if (!next) break;
    used[*next] = true;
    out.push_back(certs[*next]);
    cur = *next;
  }
  for (std::size_t i = 0; i < n; ++i)
    if (!used[i]) out.push_back(certs[i]);
  return out;
}

}  // namespace uccert::pki
