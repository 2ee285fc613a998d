#include "differential/chain_variations.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>

namespace uccert::testing::differential {

namespace {

using lab::KeySpec;
using pki::KeyUsageBit;

// Changing the seed picks another sample of pairs (and invalidates the known disagreements).
constexpr std::string_view kPairSeed = "uccert-differential-1";
constexpr std::uint64_t kPairsKeptPerHundred = 30;

std::uint64_t fnv1a(std::string_view a, std::string_view b) {
  std::uint64_t h = 14695981039346656037ULL;
  for (std::string_view part : {a, b})
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  return h;
}

// Cached keys: fixed indices per role, so roots, intermediates and leaves never share a key.
enum KeyRole { kRootKey = 300, kUpperKey, kIssuerKey, kLeafKey, kUnrelatedKey };

lab::KeyPair key(KeyRole role, KeySpec spec = KeySpec::rsa(2048)) { return lab::KeyPair::cached(spec, role); }

lab::RawExtension unknown_extension(bool critical) {
  // A private-arc OID no verifier knows; the value is a DER NULL.
  return lab::RawExtension{"1.3.6.1.4.1.55555.7.1", critical, pki::Bytes{0x05, 0x00}};
}

struct Plan {
  lab::CertSpec root, upper, issuer, leaf;
  KeySpec issuer_key = KeySpec::rsa(2048);
  KeySpec leaf_key = KeySpec::rsa(2048);
  bool two_intermediates = false;
  std::string dialled_name = "www.example.com";
};

Plan base_plan(pki::UnixTime now) {
  Plan p;
  p.root = lab::root_ca_spec("Differential Root CA", "Differential");
  p.root.not_before = now - 3000 * lab::kDay;
  p.root.not_after = now + 3000 * lab::kDay;
  p.upper = lab::intermediate_ca_spec("Differential Policy CA", "Differential", std::nullopt);
  p.upper.not_before = now - 2000 * lab::kDay;
  p.upper.not_after = now + 2000 * lab::kDay;
  p.issuer = lab::intermediate_ca_spec("Differential Issuing CA", "Differential", 0);
  p.issuer.not_before = now - 1000 * lab::kDay;
  p.issuer.not_after = now + 1000 * lab::kDay;
  p.leaf = lab::server_spec("www.example.com", {"www.example.com"});
  p.leaf.not_before = now - 30 * lab::kDay;
  p.leaf.not_after = now + 200 * lab::kDay;
  p.leaf.eku = std::vector<std::string>{"serverAuth"};
  return p;
}

void apply_validity(Plan& p, const std::string& v, pki::UnixTime now) {
  if (v == "leaf-expired") {
    p.leaf.not_before = now - 400 * lab::kDay;
    p.leaf.not_after = now - 2 * lab::kDay;
  } else if (v == "leaf-not-yet-valid") {
    p.leaf.not_before = now + 2 * lab::kDay;
  } else if (v == "intermediate-expired") {
    p.issuer.not_before = now - 1000 * lab::kDay;
    p.issuer.not_after = now - 2 * lab::kDay;
  } else if (v == "root-expired") {
    p.root.not_before = now - 3000 * lab::kDay;
    p.root.not_after = now - 2 * lab::kDay;
  }
}

void set_leaf_names(Plan& p, std::string cn, std::vector<std::string> dns) {
  p.leaf.subject = lab::make_name(cn);
  p.leaf.san_dns = std::move(dns);
}

void apply_names(Plan& p, const std::string& v) {
  if (v == "san-mismatch") {
    set_leaf_names(p, "mail.example.net", {"mail.example.net"});
  } else if (v == "cn-match-san-mismatch") {
    set_leaf_names(p, "www.example.com", {"mail.example.net"});
  } else if (v == "cn-only") {
    set_leaf_names(p, "www.example.com", {});
  } else if (v == "wildcard") {
    set_leaf_names(p, "*.example.com", {"*.example.com"});
  } else if (v == "wildcard-too-deep") {
    set_leaf_names(p, "*.example.com", {"*.example.com"});
    p.dialled_name = "www.shop.example.com";
  } else if (v == "wildcard-partial") {
    set_leaf_names(p, "w*.example.com", {"w*.example.com"});
  } else if (v == "wildcard-public-suffix") {
    set_leaf_names(p, "*.co.uk", {"*.co.uk"});
    p.dialled_name = "example.co.uk";
  } else if (v == "san-uppercase") {
    set_leaf_names(p, "WWW.EXAMPLE.COM", {"WWW.EXAMPLE.COM"});
  }
}

void apply_eku(Plan& p, const std::string& v) {
  using Ekus = std::vector<std::string>;
  if (v == "server-client") p.leaf.eku = Ekus{"serverAuth", "clientAuth"};
  else if (v == "client-only") p.leaf.eku = Ekus{"clientAuth"};
  else if (v == "none") p.leaf.eku = Ekus{};
  else if (v == "any") p.leaf.eku = Ekus{"2.5.29.37.0"};
  else if (v == "server-critical") p.leaf.eku_critical = true;
  else if (v == "intermediate-client-only") p.issuer.eku = Ekus{"clientAuth"};
  else if (v == "intermediate-server") p.issuer.eku = Ekus{"serverAuth"};
}

void apply_key_usage(Plan& p, const std::string& v) {
  if (v == "no-digital-signature") {
    // What the leaf's key can do besides signing: RSA decrypts, EC agrees keys.
    p.leaf.key_usage = p.leaf_key.kind == KeySpec::kRsa ? lab::ku(KeyUsageBit::kKeyEncipherment)
                                                        : lab::ku(KeyUsageBit::kKeyAgreement);
  } else if (v == "cert-sign-on-leaf") {
    p.leaf.key_usage = lab::ku(KeyUsageBit::kDigitalSignature, KeyUsageBit::kKeyCertSign);
  } else if (v == "absent") {
    p.leaf.key_usage = 0;
  } else if (v == "intermediate-no-cert-sign") {
    p.issuer.key_usage = lab::ku(KeyUsageBit::kDigitalSignature, KeyUsageBit::kCrlSign);
  }
}

void apply_basic_constraints(Plan& p, const std::string& v) {
  if (v == "intermediate-ca-false") {
    p.issuer.is_ca = false;
    p.issuer.path_len.reset();
  } else if (v == "intermediate-no-bc") {
    p.issuer.omit_basic_constraints = true;
  } else if (v == "pathlen-exceeded") {
    p.two_intermediates = true;
    p.upper.path_len = 0;
  } else if (v == "pathlen-ok") {
    p.two_intermediates = true;
    p.upper.path_len = 1;
  } else if (v == "root-pathlen-zero") {
    p.root.path_len = 0;
  } else if (v == "leaf-ca-true") {
    p.leaf.is_ca = true;
  }
}

void apply_name_constraints(Plan& p, const std::string& v) {
  lab::NameConstraintsSpec nc;
  if (v == "permitted-match") {
    nc.permitted_dns = {"example.com"};
    p.issuer.name_constraints = nc;
  } else if (v == "permitted-mismatch") {
    nc.permitted_dns = {"example.org"};
    p.issuer.name_constraints = nc;
  } else if (v == "excluded-match") {
    nc.excluded_dns = {"example.com"};
    p.issuer.name_constraints = nc;
  } else if (v == "root-permitted-mismatch") {
    nc.permitted_dns = {"example.org"};
    p.root.name_constraints = nc;
  }
}

void apply_algorithms(Plan& p, const std::string& v) {
  if (v == "leaf-rsa1024") p.leaf_key = KeySpec::rsa(1024);
  else if (v == "intermediate-rsa1024") p.issuer_key = KeySpec::rsa(1024);
  else if (v == "leaf-ec-p256") p.leaf_key = KeySpec::ec("P-256");
  else if (v == "leaf-ec-p384") p.leaf_key = KeySpec::ec("P-384");
  else if (v == "intermediate-ec-p384") p.issuer_key = KeySpec::ec("P-384");
  else if (v == "leaf-ed25519") p.leaf_key = KeySpec::ed25519();
  else if (v == "leaf-sha1") p.leaf.digest = "sha1";
  else if (v == "intermediate-sha1") p.issuer.digest = "sha1";
  else if (v == "root-sha1") p.root.digest = "sha1";
  else if (v == "leaf-sha384") p.leaf.digest = "sha384";
  else if (v == "leaf-rsa-pss") p.leaf.rsa_pss = true;
  else if (v == "leaf-bad-signature") p.leaf.corrupt_signature = true;
}

void apply_extensions(Plan& p, const std::string& v) {
  if (v == "leaf-critical-unknown") p.leaf.extra_extensions.push_back(unknown_extension(true));
  else if (v == "leaf-noncritical-unknown") p.leaf.extra_extensions.push_back(unknown_extension(false));
  else if (v == "intermediate-critical-unknown") p.issuer.extra_extensions.push_back(unknown_extension(true));
  else if (v == "root-critical-unknown") p.root.extra_extensions.push_back(unknown_extension(true));
  else if (v == "leaf-critical-san") p.leaf.san_critical = true;
}

}  // namespace

const std::vector<Axis>& axes() {
  static const std::vector<Axis> kAxes = {
      {"validity", {"within", "leaf-expired", "leaf-not-yet-valid", "intermediate-expired", "root-expired"}},
      {"name",
       {"san-match", "san-mismatch", "cn-match-san-mismatch", "cn-only", "wildcard", "wildcard-too-deep",
        "wildcard-partial", "wildcard-public-suffix", "san-uppercase"}},
      {"eku",
       {"server", "server-client", "client-only", "none", "any", "server-critical", "intermediate-client-only",
        "intermediate-server"}},
      {"ku", {"default", "no-digital-signature", "cert-sign-on-leaf", "absent", "intermediate-no-cert-sign"}},
      {"bc",
       {"standard", "intermediate-ca-false", "intermediate-no-bc", "pathlen-exceeded", "pathlen-ok",
        "root-pathlen-zero", "leaf-ca-true"}},
      {"nc", {"none", "permitted-match", "permitted-mismatch", "excluded-match", "root-permitted-mismatch"}},
      {"alg",
       {"rsa2048-sha256", "leaf-rsa1024", "intermediate-rsa1024", "leaf-ec-p256", "leaf-ec-p384",
        "intermediate-ec-p384", "leaf-ed25519", "leaf-sha1", "intermediate-sha1", "root-sha1", "leaf-sha384",
        "leaf-rsa-pss", "leaf-bad-signature"}},
      {"shape",
       {"leaf-intermediate", "root-included", "missing-intermediate", "extra-unrelated", "two-intermediates",
        "two-intermediates-reversed", "leaf-last"}},
      {"ext",
       {"none", "leaf-critical-unknown", "leaf-noncritical-unknown", "intermediate-critical-unknown",
        "root-critical-unknown", "leaf-critical-san"}},
  };
  return kAxes;
}

std::string Variation::value(std::string_view axis) const {
  if (auto it = changes.find(std::string(axis)); it != changes.end()) return it->second;
  for (const auto& a : axes())
    if (a.name == axis) return std::string(a.values.front());
  throw std::invalid_argument("no axis " + std::string(axis));
}

std::vector<Variation> variations() {
  auto change = [](const Axis& a, std::string_view v) { return std::string(a.name) + "=" + std::string(v); };
  std::vector<Variation> out;
  out.push_back(Variation{"base", {}});
  const auto& all = axes();
  for (const auto& a : all)
    for (std::size_t i = 1; i < a.values.size(); ++i)
      out.push_back(Variation{change(a, a.values[i]), {{std::string(a.name), std::string(a.values[i])}}});
  for (std::size_t x = 0; x < all.size(); ++x)
    for (std::size_t y = x + 1; y < all.size(); ++y)
      for (std::size_t i = 1; i < all[x].values.size(); ++i)
        for (std::size_t j = 1; j < all[y].values.size(); ++j) {
          const std::string name = change(all[x], all[x].values[i]) + "+" + change(all[y], all[y].values[j]);
          if (fnv1a(kPairSeed, name) % 100 >= kPairsKeptPerHundred) continue;
          out.push_back(Variation{name,
                                  {{std::string(all[x].name), std::string(all[x].values[i])},
                                   {std::string(all[y].name), std::string(all[y].values[j])}}});
        }
  return out;
}

Chain build_chain(const Variation& variation, pki::UnixTime now) {
  Plan p = base_plan(now);
  // Algorithms first: the key usage a leaf may carry depends on its key.
  apply_algorithms(p, variation.value("alg"));
  apply_validity(p, variation.value("validity"), now);
  apply_names(p, variation.value("name"));
  apply_eku(p, variation.value("eku"));
  apply_key_usage(p, variation.value("ku"));
  apply_basic_constraints(p, variation.value("bc"));
  apply_name_constraints(p, variation.value("nc"));
  apply_extensions(p, variation.value("ext"));
  const std::string shape = variation.value("shape");
  if (shape == "two-intermediates" || shape == "two-intermediates-reversed") p.two_intermediates = true;

  auto root = lab::mint(p.root, key(kRootKey));
  std::optional<lab::Minted> upper;
  if (p.two_intermediates) upper = lab::mint(p.upper, key(kUpperKey), &root);
  auto issuer = lab::mint(p.issuer, key(kIssuerKey, p.issuer_key), upper ? &*upper : &root);
  auto leaf = lab::mint(p.leaf, key(kLeafKey, p.leaf_key), &issuer);

  std::vector<lab::Minted> served{leaf, issuer};
  if (upper) served.push_back(*upper);
  if (shape == "root-included") {
    served.push_back(root);
  } else if (shape == "missing-intermediate") {
    served.erase(served.begin() + 1);  // the leaf's issuer
  } else if (shape == "extra-unrelated") {
    served.push_back(lab::mint(lab::root_ca_spec("Unrelated Root CA", "Elsewhere"), key(kUnrelatedKey)));
  } else if (shape == "two-intermediates-reversed") {
    std::swap(served[1], served[2]);
  } else if (shape == "leaf-last") {
    std::reverse(served.begin(), served.end());
  }
  return Chain{std::move(root), std::move(served), p.dialled_name};
}

}  // namespace uccert::testing::differential
