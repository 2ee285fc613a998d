#include "uccert/verify/policy_tree.h"

#include "uccert/verify/problem_ids.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace uccert::verify {
namespace {

constexpr std::string_view kAnyPolicy = "2.5.29.32.0";

// One depth of the valid_policy_tree: valid_policy -> expected_policy_set. Nodes of one depth
// with the same valid_policy are merged: with anyPolicy as the initial policy set, only which
// policies are valid at each depth (and what they expect next) decides the outcome, never the
// parent links.
using Level = std::map<std::string, std::set<std::string>, std::less<>>;

std::string idx_text(int i) { return "certificate " + std::to_string(i); }

bool has_policies(const pki::Certificate& c) {
  return !c.policies.empty() || c.find_extension("2.5.29.32") != nullptr;
}

// A constraint value from the certificate: a negative one (malformed, reported by the decoder)
// counts as 0, the strictest reading.
std::int64_t skip_certs(std::int64_t v) { return std::max<std::int64_t>(v, 0); }

class PolicyProcessor {
 public:
  PolicyProcessor(const std::vector<pki::CertificatePtr>& path, bool ends_at_anchor)
      : path_(path), top_(static_cast<int>(path.size()) - (ends_at_anchor ? 2 : 1)) {}

  Problems run() {
    if (top_ < 0) return std::move(out_);
    const std::int64_t n = top_ + 1;
    explicit_policy_ = n + 1;
    inhibit_any_ = n + 1;
    policy_mapping_ = n + 1;
    tree_ = Level{{std::string(kAnyPolicy), {std::string(kAnyPolicy)}}};
    for (int index = top_; index >= 0; --index) {
      const std::int64_t i = n - index;  // RFC 5280 numbering: 1 below the anchor, n the leaf
      process_certificate(index, i, n);
      if (!explicit_ok(index)) return std::move(out_);
      if (index > 0) {
        prepare_next(index);
      } else {
        wrap_up();
        explicit_ok(index);
      }
    }
    return std::move(out_);
  }

 private:
  const pki::Certificate& at(int index) const { return *path_[static_cast<std::size_t>(index)]; }

  // 6.1.3 (d), (e).
  void process_certificate(int index, std::int64_t i, std::int64_t n) {
    const pki::Certificate& c = at(index);
    if (!has_policies(c)) {
      tree_.reset();
      return;
    }
    if (!tree_) return;
    Level next;
    bool asserts_any = false;
    const bool tree_has_any = tree_->count(kAnyPolicy) != 0;
    for (const auto& p : c.policies) {
      if (p.oid == kAnyPolicy) {
        asserts_any = true;
        continue;
      }
      const bool expected = std::any_of(tree_->begin(), tree_->end(),
                                        [&](const auto& node) { return node.second.count(p.oid) != 0; });
      if (expected || tree_has_any) next[p.oid] = {p.oid};
    }
    // (d)(2): anyPolicy stands for every policy its parents expected, unless inhibited (a
    // self-issued intermediate may still use it).
    if (asserts_any && (inhibit_any_ > 0 || (i < n && c.self_issued))) {
      for (const auto& node : *tree_)
        for (const auto& e : node.second)
          if (next.count(e) == 0) next[e] = {e};
    }
    if (next.empty()) {
      tree_.reset();
    } else {
      tree_ = std::move(next);
    }
  }

  // 6.1.3 (f) and 6.1.5 (g): either no explicit policy is required yet, or a policy is valid.
  bool explicit_ok(int index) {
    if (explicit_policy_ > 0 || tree_) return true;
    if (reported_) return false;
    reported_ = true;
    std::string why = idx_text(index) + ": an explicit certificate policy is required";
    if (required_by_) why += " (requireExplicitPolicy in " + idx_text(*required_by_) + ")";
    why += " but no policy is valid for the whole path (RFC 5280 6.1.3 (f))";
    std::map<std::string, std::string> params;
    if (required_by_) params["required_by"] = std::to_string(*required_by_);
    out_.push_back(
        {std::string(problem::kPolicyExplicitPolicyRequired), index, std::move(why), std::move(params), true});
    return false;
  }

  // 6.1.4 (a), (b), (h), (i), (j).
  void prepare_next(int index) {
    const pki::Certificate& c = at(index);
    std::map<std::string, std::set<std::string>, std::less<>> mapped;
    for (const auto& m : c.policy_mappings) {
      if (m.issuer_domain_policy == kAnyPolicy || m.subject_domain_policy == kAnyPolicy) {
        out_.push_back({std::string(problem::kPolicyMappingAnyPolicy), index,
                        idx_text(index) + ": policyMappings maps to or from anyPolicy (RFC 5280 6.1.4 (a))",
                        {}, true});
        continue;
      }
      mapped[m.issuer_domain_policy].insert(m.subject_domain_policy);
    }
    if (tree_ && !mapped.empty()) {
      if (policy_mapping_ > 0) {
        const bool tree_has_any = tree_->count(kAnyPolicy) != 0;
        for (const auto& [issuer_policy, subject_policies] : mapped) {
          auto node = tree_->find(issuer_policy);
          if (node != tree_->end()) {
            node->second = subject_policies;
          } else if (tree_has_any) {
            (*tree_)[issuer_policy] = subject_policies;
          }
        }
      } else {
        // Mapping inhibited: the mapped policies are no longer valid.
        for (const auto& entry : mapped) tree_->erase(entry.first);
        if (tree_->empty()) tree_.reset();
      }
    }
    if (!c.self_issued) {
      if (explicit_policy_ > 0) --explicit_policy_;
      if (policy_mapping_ > 0) --policy_mapping_;
      if (inhibit_any_ > 0) --inhibit_any_;
    }
    if (const auto& r = c.policy_constraints.require_explicit_policy; r && skip_certs(*r) < explicit_policy_) {
      explicit_policy_ = skip_certs(*r);
      required_by_ = index;
    }
    if (const auto& m = c.policy_constraints.inhibit_policy_mapping; m && skip_certs(*m) < policy_mapping_)
      policy_mapping_ = skip_certs(*m);
    if (const auto& a = c.inhibit_any_policy; a && skip_certs(*a) < inhibit_any_) inhibit_any_ = skip_certs(*a);
  }

  // 6.1.5 (a), (b).
  void wrap_up() {
    const pki::Certificate& leaf = at(0);
    if (explicit_policy_ > 0) --explicit_policy_;
    if (const auto& r = leaf.policy_constraints.require_explicit_policy; r && skip_certs(*r) == 0) {
      explicit_policy_ = 0;
      required_by_ = 0;
    }
  }

  const std::vector<pki::CertificatePtr>& path_;
  const int top_;  // index of certificate 1 (the one the anchor issued)
  std::int64_t explicit_policy_ = 0;
  std::int64_t inhibit_any_ = 0;
  std::int64_t policy_mapping_ = 0;
  std::optional<Level> tree_;  // nullopt: the valid_policy_tree is NULL
  std::optional<int> required_by_;
  bool reported_ = false;
  Problems out_;
};

}  // namespace

Problems check_policies(const std::vector<pki::CertificatePtr>& path, bool ends_at_anchor) {
  return PolicyProcessor(path, ends_at_anchor).run();
}

}  // namespace uccert::verify
