// Path search only (BoringSSL's CertPathBuilder, rustls-webpki's build_chain): finds candidate
// issuers by subject name (AKI/SKI only orders them) among the presented chain (any order,
// duplicates, extras), extra intermediates and trust anchors; follows cross-signs and
// self-issued certificates; cuts loops by subject + SPKI; honours a depth limit and the Budget.
// Each complete or dead-end path is handed to a visitor, which validates it and says whether to
// stop; the builder itself judges nothing but signatures on the way (a link whose signature
// fails is offered once, as a dead end, and never extended).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/verify/budget.h"
#include "uccert/verify/signature_checker.h"
#include "uccert/verify/verify.h"

namespace uccert::verify {

struct BuiltPath {
  std::vector<pki::CertificatePtr> certificates;  // leaf first
  std::vector<std::string> origins;               // "presented", "extra", "anchor"
  std::optional<std::string> anchor_source;       // set when the last certificate is a trust anchor
  bool depth_limited = false;                     // an issuer existed but the depth limit forbade it
};

enum class Visit { kContinue, kStop };

class PathBuilder {
 public:
  PathBuilder(const Input& input, const Options& options, Budget& budget, SignatureChecker& sigs);
  // Offers paths in order of preference (anchors first, then issuers whose SKI matches the
  // AKI, then issuers valid at the validation time, then presentation order). Returns false
  // when the budget ran out before the search ended.
  bool build(const std::function<Visit(const BuiltPath&)>& visit);

 private:
  // A certificate that is not a trust anchor (presented or extra); anchors are looked up in
  // `anchors_` by subject, never copied into nodes.
  struct Node {
    pki::CertificatePtr cert;
    const char* origin = "";
    std::size_t order = 0;
  };
  // One possible issuer of the current certificate: an anchor or a node.
  struct Candidate {
    const pki::CertificatePtr* cert = nullptr;
    const char* origin = "";
    const std::string* anchor_source = nullptr;  // set for an anchor
    std::size_t order = 0;                      // preference within anchors, or within nodes
  };
  bool extend(BuiltPath& path, std::vector<const pki::Certificate*>& identities, int logical_intermediates,
              const std::function<Visit(const BuiltPath&)>& visit, bool& stop);
  void add_node(const pki::CertificatePtr& cert, const char* origin);

  const Options& options_;
  Budget& budget_;
  SignatureChecker& sigs_;
  AnchorSet anchors_;
  pki::CertificatePtr leaf_;
  std::optional<std::string> leaf_anchor_source_;
  std::vector<Node> nodes_;
  // The SHA-256 of each node's DER and the leaf's (views of bytes the certificates hold).
  std::unordered_set<std::string_view> seen_der_;
};

}  // namespace uccert::verify
