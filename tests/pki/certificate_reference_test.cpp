// Certificate::from_der (uccert's own ASN.1 template, the key left undecoded) against the decoder
// it replaced (Certificate::from_der_reference: d2i_X509 and OpenSSL's caches), over every
// distinct certificate of the x509-limbo suite: the same certificates accepted and refused, the
// same view field by field, and the same signature verdict for every subject/issuer pair a
// testcase presents. Skipped when the suite is not installed (UCCERT_LIMBO_JSON).
#include <gtest/gtest.h>
#include <openssl/x509.h>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/certificate_reference.h"
#include "uccert/pki/pem.h"

namespace uccert::pki {
namespace {

struct Decoded {
  CertificatePtr fresh;      // from_der
  CertificatePtr reference;  // from_der_reference
};

struct Limbo {
  std::map<Bytes, Decoded> by_der;                // every distinct certificate
  std::vector<std::vector<const Bytes*>> cases;   // the certificates of each testcase
  std::size_t pem_blocks = 0;
};

std::optional<Bytes> der_of(const std::string& pem) {
  auto blocks = parse_pem(pem);
  if (!blocks || blocks->size() != 1) return std::nullopt;
  return (*blocks)[0].der;
}

const Limbo* limbo() {
  static const std::unique_ptr<Limbo> loaded = []() -> std::unique_ptr<Limbo> {
    std::ifstream in(UCCERT_LIMBO_JSON);
    if (!in) return nullptr;
    auto doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.contains("testcases")) return nullptr;
    auto out = std::make_unique<Limbo>();
    for (const auto& tc : doc["testcases"]) {
      std::vector<std::string> pems;
      for (const char* list : {"trusted_certs", "untrusted_intermediates"})
        if (tc.contains(list))
          for (const auto& p : tc[list]) pems.push_back(p.get<std::string>());
      if (tc.contains("peer_certificate") && tc["peer_certificate"].is_string())
        pems.push_back(tc["peer_certificate"].get<std::string>());
      std::vector<const Bytes*> members;
      for (const auto& pem : pems) {
        auto der = der_of(pem);
        if (!der) continue;
        ++out->pem_blocks;
        auto [it, fresh] = out->by_der.try_emplace(*der);
        members.push_back(&it->first);
      }
      out->cases.push_back(std::move(members));
    }
    for (auto& [der, d] : out->by_der) {
      auto a = Certificate::from_der(der);
      auto b = Certificate::from_der_reference(der);
      if (a) d.fresh = *a;
      if (b) d.reference = *b;
    }
    return out;
  }();
  return loaded.get();
}

TEST(CertificateReference, SameAcceptanceAndEveryFieldOnEveryLimboCertificate) {
  const Limbo* l = limbo();
  if (l == nullptr) GTEST_SKIP() << "x509-limbo not found at " << UCCERT_LIMBO_JSON;
  ASSERT_GT(l->by_der.size(), 1000U) << "fewer certificates than the suite holds";
  std::size_t accepted = 0, refused = 0, differing = 0;
  for (const auto& [der, d] : l->by_der) {
    ASSERT_EQ(d.fresh != nullptr, d.reference != nullptr)
        << "from_der " << (d.fresh ? "accepts" : "refuses") << " what d2i_X509 "
        << (d.reference ? "accepts" : "refuses") << " (" << der.size() << " bytes)";
    if (!d.fresh) {
      ++refused;
      continue;
    }
    ++accepted;
    auto diff = view_differences(*d.reference, *d.fresh);
    if (!diff.empty()) {
      ++differing;
      std::ostringstream msg;
      for (std::size_t i = 0; i < diff.size() && i < 5; ++i) msg << "\n  " << diff[i];
      ADD_FAILURE() << d.reference->subject.text << " (" << d.reference->sha256_thumbprint << "):" << msg.str();
    }
  }
  std::cout << "x509-limbo: " << l->pem_blocks << " certificates in " << l->cases.size() << " testcases, "
            << l->by_der.size() << " distinct: " << accepted << " accepted, " << refused << " refused by both, "
            << differing << " with a differing view\n";
  EXPECT_EQ(differing, 0U);
  EXPECT_GT(accepted, 1000U);
}

TEST(CertificateReference, SameSignatureVerdictForEveryLimboPair) {
  const Limbo* l = limbo();
  if (l == nullptr) GTEST_SKIP() << "x509-limbo not found at " << UCCERT_LIMBO_JSON;
  std::set<std::pair<const Bytes*, const Bytes*>> pairs;
  for (const auto& members : l->cases)
    for (const Bytes* s : members)
      for (const Bytes* i : members) {
        const Decoded& subject = l->by_der.at(*s);
        const Decoded& issuer = l->by_der.at(*i);
        if (subject.fresh && issuer.fresh && subject.fresh->issuer.canonical == issuer.fresh->subject.canonical)
          pairs.emplace(s, i);
      }
  std::size_t valid = 0, invalid = 0;
  for (const auto& [s, i] : pairs) {
    const Decoded& subject = l->by_der.at(*s);
    const Decoded& issuer = l->by_der.at(*i);
    const bool fresh = verify_signature(*subject.fresh, *issuer.fresh).valid;
    EVP_PKEY* key = issuer.reference->public_key_handle();
    const bool reference = key != nullptr && X509_verify(subject.reference->x509(), key) == 1;
    EXPECT_EQ(fresh, reference) << subject.fresh->subject.text << " issued by " << issuer.fresh->subject.text;
    (fresh ? valid : invalid)++;
  }
  std::cout << "x509-limbo: " << pairs.size() << " subject/issuer pairs: " << valid << " verify, " << invalid
            << " do not (with both decoders)\n";
  EXPECT_GT(valid, 1000U);
  EXPECT_GT(invalid, 0U);
}

}  // namespace
}  // namespace uccert::pki
